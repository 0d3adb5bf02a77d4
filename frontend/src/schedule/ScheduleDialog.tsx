import { useCallback, useEffect, useId, useState } from "react";
import { errorMessage } from "../api/errors";
import { Modal } from "../ui/Modal";
import { runtimeApi, type RuntimeTypeInfo } from "../runtime/api";
import {
  bodyOf,
  duration,
  localTimezone,
  scheduleApi,
  WEEKDAYS,
  type Schedule,
  type ScheduleBody,
  type ScheduleRun,
} from "./scheduleApi";
import "./schedule.css";

const REFRESH_MS = 5000;

interface Props {
  notebookId: string;
  onClose: () => void;
}

function formOf(schedule: Schedule | null): ScheduleBody {
  if (!schedule) {
    return { kind: "daily", time: "09:00", weekday: 0, cron: "0 9 * * 1-5", timezone: localTimezone(), runtime_type: null, enabled: true };
  }
  return {
    kind: schedule.kind,
    time: schedule.time ?? "09:00",
    weekday: schedule.weekday ?? 0,
    cron: schedule.cron,
    timezone: schedule.timezone,
    runtime_type: schedule.runtime_type,
    enabled: schedule.enabled,
  };
}

/** Runtime › Schedule: run this notebook daily, weekly or on a cron line, and its run history. */
export function ScheduleDialog({ notebookId, onClose }: Props) {
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [form, setForm] = useState<ScheduleBody>(formOf(null));
  const [runs, setRuns] = useState<ScheduleRun[]>([]);
  const [types, setTypes] = useState<RuntimeTypeInfo[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const ids = { kind: useId(), time: useId(), day: useId(), cron: useId(), zone: useId(), type: useId() };

  useEffect(() => {
    let live = true;
    scheduleApi
      .list(notebookId)
      .then((found) => {
        if (!live) return;
        const first = found[0] ?? null;
        setSchedule(first);
        setForm(formOf(first));
        setLoaded(true);
      })
      .catch((err: unknown) => live && (setError(errorMessage(err)), setLoaded(true)));
    runtimeApi
      .types()
      .then((found) => live && setTypes(found))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [notebookId]);

  // The history, and the schedule's next run (it moves on each firing), while the dialog is open.
  const loadRuns = useCallback(
    async (id: string) => {
      try {
        const [found, all] = await Promise.all([scheduleApi.runs(id), scheduleApi.list(notebookId)]);
        setRuns(found);
        const fresh = all.find((s) => s.id === id);
        if (fresh) setSchedule((current) => (current?.id === id ? fresh : current));
      } catch (err) {
        setError(errorMessage(err));
      }
    },
    [notebookId],
  );
  const scheduleId = schedule?.id ?? null;
  useEffect(() => {
    if (!scheduleId) return;
    void loadRuns(scheduleId);
    const timer = window.setInterval(() => void loadRuns(scheduleId), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [scheduleId, loadRuns]);

  async function act(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const save = () =>
    act(async () => {
      const body = bodyOf(form);
      const saved = schedule ? await scheduleApi.update(schedule.id, body) : await scheduleApi.create(notebookId, body);
      setSchedule(saved);
      setForm(formOf(saved));
      setNotice(saved.enabled ? `Saved. ${saved.description}.` : "Saved; the schedule is off.");
    });
  const remove = () =>
    act(async () => {
      if (!schedule) return;
      await scheduleApi.remove(schedule.id);
      setSchedule(null);
      setRuns([]);
      setForm(formOf(null));
      setNotice("The schedule was deleted.");
    });
  const runNow = () =>
    act(async () => {
      if (!schedule) return;
      await scheduleApi.runNow(schedule.id);
      setNotice("A run has started; it shows in the history below.");
      window.setTimeout(() => void loadRuns(schedule.id), 500);
    });

  const set = (changes: Partial<ScheduleBody>) => setForm((f) => ({ ...f, ...changes }));
  const footer = (
    <>
      {schedule && (
        <>
          <button type="button" className="button danger" disabled={busy} onClick={() => void remove()}>
            Delete schedule
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void runNow()}>
            Run now
          </button>
        </>
      )}
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
      <button type="button" className="button primary" disabled={busy || !loaded} onClick={() => void save()}>
        {schedule ? "Save" : "Create schedule"}
      </button>
    </>
  );
  return (
    <Modal title="Schedule" onClose={onClose} footer={footer} size="wide">
      <p className="schedule-hint">
        Runs every cell of this notebook on its owner's runtime with nobody watching; the outputs land in the notebook and
        each run is kept as a revision.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="schedule-notice" role="status">
          {notice}
        </p>
      )}
      {/* The form appears once the saved schedule is known: a change made before would be lost. */}
      {!loaded && (
        <p className="schedule-hint" aria-busy="true">
          Loading the schedule…
        </p>
      )}
      <div className="schedule-form" hidden={!loaded}>
        <label htmlFor={ids.kind}>Repeat</label>
        <select id={ids.kind} value={form.kind} onChange={(e) => set({ kind: e.target.value as ScheduleBody["kind"] })}>
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
          <option value="cron">Custom (cron)</option>
        </select>
        {form.kind === "weekly" && (
          <>
            <label htmlFor={ids.day}>Day</label>
            <select id={ids.day} value={form.weekday ?? 0} onChange={(e) => set({ weekday: Number(e.target.value) })}>
              {WEEKDAYS.map((day, i) => (
                <option key={day} value={i}>
                  {day}
                </option>
              ))}
            </select>
          </>
        )}
        {form.kind !== "cron" && (
          <>
            <label htmlFor={ids.time}>Time</label>
            <input id={ids.time} type="time" value={form.time ?? ""} onChange={(e) => set({ time: e.target.value })} />
          </>
        )}
        {form.kind === "cron" && (
          <>
            <label htmlFor={ids.cron}>Cron expression</label>
            <input
              id={ids.cron}
              value={form.cron ?? ""}
              placeholder="minute hour day month weekday"
              onChange={(e) => set({ cron: e.target.value })}
            />
          </>
        )}
        <label htmlFor={ids.zone}>Time zone</label>
        <input id={ids.zone} value={form.timezone} onChange={(e) => set({ timezone: e.target.value })} />
        <label htmlFor={ids.type}>Runtime type</label>
        <select id={ids.type} value={form.runtime_type ?? ""} onChange={(e) => set({ runtime_type: e.target.value || null })}>
          <option value="">The notebook's runtime type</option>
          {types.map((type) => (
            <option key={type.id} value={type.id}>
              {type.name}
            </option>
          ))}
        </select>
        <span />
        <label className="schedule-check">
          <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          Enabled
        </label>
      </div>
      {schedule?.next_run_at && (
        <p className="schedule-hint">Next run: {new Date(schedule.next_run_at).toLocaleString()}</p>
      )}
      {schedule && <RunHistory runs={runs} />}
    </Modal>
  );
}

const STATUS_LABELS: Record<ScheduleRun["status"], string> = {
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
};

function RunHistory({ runs }: { runs: ScheduleRun[] }) {
  return (
    <section aria-label="Run history">
      <h3 className="schedule-heading">Run history</h3>
      {runs.length === 0 ? (
        <p className="schedule-hint">No runs yet.</p>
      ) : (
        <table className="schedule-runs">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Status</th>
              <th scope="col">Took</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>{new Date(run.started_at).toLocaleString()}</td>
                <td>
                  <span className={`schedule-status schedule-status-${run.status}`}>{STATUS_LABELS[run.status]}</span>
                </td>
                <td>{duration(run)}</td>
                <td>{run.error ? (run.error_cell ? `Cell ${run.error_cell}: ${run.error}` : run.error) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
