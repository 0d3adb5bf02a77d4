import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { ScheduleDialog } from "./ScheduleDialog";
import type { Schedule, ScheduleRun } from "./scheduleApi";

const existing: Schedule = {
  id: "s1",
  notebook_id: "nb1",
  kind: "weekly",
  time: "07:30",
  weekday: 2,
  cron: "30 7 * * 3",
  timezone: "Europe/Paris",
  runtime_type: null,
  enabled: true,
  next_run_at: "2026-12-09T06:30:00Z",
  description: "Every Wednesday at 07:30 (Europe/Paris)",
  created_at: "2026-12-01T10:00:00Z",
};
const runs: ScheduleRun[] = [
  {
    id: "r2",
    status: "failed",
    started_at: "2026-12-02T06:30:00Z",
    finished_at: "2026-12-02T06:30:12Z",
    error_cell: 3,
    error: "x / 0: ZeroDivisionError: division by zero",
    revision_id: "v2",
  },
  { id: "r1", status: "succeeded", started_at: "2026-11-25T06:30:00Z", finished_at: "2026-11-25T06:31:30Z", error_cell: null, error: null, revision_id: "v1" },
];

let schedules: Schedule[] = [];
const sent: { method: string; url: string; body: unknown }[] = [];
function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  const method = init?.method ?? "GET";
  const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
  sent.push({ method, url, body });
  if (url === "/api/runtime-types") return json([{ id: "cpu", name: "CPU", available: true }, { id: "gpu", name: "GPU", available: true }]);
  if (url === "/api/notebooks/nb1/schedules" && method === "GET") return json(schedules);
  if (url === "/api/notebooks/nb1/schedules" && method === "POST") {
    if (body?.kind === "cron" && body.cron === "61 * * * *") {
      return json({ error: { code: "invalid_schedule", message: "'61 * * * *' is not a cron line." } }, 422);
    }
    return json({ ...existing, id: "s2", ...body, description: "Every day at 06:00 (UTC)" }, 201);
  }
  if (url === "/api/schedules/s1/runs") return json(runs);
  if (url === "/api/schedules/s2/runs") return json([]);
  if (url === "/api/schedules/s1" && method === "DELETE") return new Response(null, { status: 204 });
  if (url === "/api/schedules/s1/run" && method === "POST") return new Response(null, { status: 202 });
  return json({ error: { code: "not_found", message: "No such thing." } }, 404);
});

beforeEach(() => {
  sent.length = 0;
  schedules = [];
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe("ScheduleDialog", () => {
  it("creates a daily schedule with the form's time, zone and runtime type", async () => {
    render(<ScheduleDialog notebookId="nb1" onClose={() => {}} />);
    const create = await screen.findByRole("button", { name: "Create schedule" });
    await screen.findByRole("option", { name: "GPU" });
    fireEvent.change(screen.getByLabelText("Time"), { target: { value: "06:00" } });
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "UTC" } });
    fireEvent.change(screen.getByLabelText("Runtime type"), { target: { value: "gpu" } });
    fireEvent.click(create);
    expect(await screen.findByRole("status")).toHaveProperty("textContent", "Saved. Every day at 06:00 (UTC).");
    const post = sent.find((s) => s.method === "POST");
    expect(post?.body).toEqual({
      kind: "daily",
      time: "06:00",
      weekday: null,
      cron: null,
      timezone: "UTC",
      runtime_type: "gpu",
      enabled: true,
    });
    expect(screen.getByRole("button", { name: "Save" })).toBeTruthy();
  });

  it("shows the server's message for a bad cron line", async () => {
    render(<ScheduleDialog notebookId="nb1" onClose={() => {}} />);
    await screen.findByRole("button", { name: "Create schedule" });
    fireEvent.change(screen.getByLabelText("Repeat"), { target: { value: "cron" } });
    fireEvent.change(screen.getByLabelText("Cron expression"), { target: { value: "61 * * * *" } });
    fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));
    expect((await screen.findByRole("alert")).textContent).toContain("is not a cron line");
  });

  it("shows an existing schedule and its run history with status, then runs it now and deletes it", async () => {
    schedules = [existing];
    render(<ScheduleDialog notebookId="nb1" onClose={() => {}} />);
    const history = await screen.findByRole("region", { name: "Run history" });
    await waitFor(() => expect(within(history).getAllByRole("row")).toHaveLength(3));
    expect(within(history).getByText("Failed")).toBeTruthy();
    expect(within(history).getByText("Succeeded")).toBeTruthy();
    expect(within(history).getByText("Cell 3: x / 0: ZeroDivisionError: division by zero")).toBeTruthy();
    expect(within(history).getByText("12 s")).toBeTruthy();
    expect(screen.getByLabelText<HTMLSelectElement>("Day").value).toBe("2");
    expect(screen.getByLabelText<HTMLInputElement>("Time").value).toBe("07:30");

    fireEvent.click(screen.getByRole("button", { name: "Run now" }));
    expect((await screen.findByRole("status")).textContent).toContain("A run has started");
    expect(sent.some((s) => s.method === "POST" && s.url === "/api/schedules/s1/run")).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Delete schedule" }));
    expect((await screen.findByRole("status")).textContent).toBe("The schedule was deleted.");
    expect(screen.queryByRole("region", { name: "Run history" })).toBeNull();
  });
});
