// Hand-written until the OpenAPI types are regenerated (routes in server/routes/schedules.py).
import { api } from "../api/client";

export type ScheduleKind = "daily" | "weekly" | "cron";
export type RunStatus = "running" | "succeeded" | "failed";

/** What the form sends: the time for daily/weekly, the weekday (0 Monday) for weekly, or a cron line. */
export interface ScheduleBody {
  kind: ScheduleKind;
  time?: string | null;
  weekday?: number | null;
  cron?: string | null;
  timezone: string;
  runtime_type?: string | null;
  enabled: boolean;
}

export interface Schedule extends Required<ScheduleBody> {
  id: string;
  notebook_id: string;
  cron: string;
  next_run_at: string | null;
  description: string;
  created_at: string;
}

export interface ScheduleRun {
  id: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  /** 1-based position of the cell that failed. */
  error_cell: number | null;
  error: string | null;
  revision_id: string | null;
}

const one = (id: string) => `/api/schedules/${encodeURIComponent(id)}`;

export const scheduleApi = {
  list: (notebookId: string) => api.get<Schedule[]>(`/api/notebooks/${encodeURIComponent(notebookId)}/schedules`),
  create: (notebookId: string, body: ScheduleBody) =>
    api.post<Schedule>(`/api/notebooks/${encodeURIComponent(notebookId)}/schedules`, body),
  update: (id: string, body: ScheduleBody) => api.put<Schedule>(one(id), body),
  remove: (id: string) => api.delete(one(id)),
  runs: (id: string) => api.get<ScheduleRun[]>(`${one(id)}/runs`),
  runNow: (id: string) => api.post<void>(`${one(id)}/run`),
};

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** The browser's own time zone, the form's default. */
export function localTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** The form's fields as the API wants them: only what the kind uses. */
export function bodyOf(form: ScheduleBody): ScheduleBody {
  return {
    kind: form.kind,
    time: form.kind === "cron" ? null : form.time,
    weekday: form.kind === "weekly" ? form.weekday : null,
    cron: form.kind === "cron" ? form.cron : null,
    timezone: form.timezone,
    runtime_type: form.runtime_type || null,
    enabled: form.enabled,
  };
}

/** How long a run took, for the history ("12 s", "3 min"); "" while it runs. */
export function duration(run: ScheduleRun): string {
  if (!run.finished_at) return "";
  const seconds = Math.max(0, (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000);
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}
