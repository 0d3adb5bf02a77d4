import { describe, expect, it } from "vitest";
import { effectOf, parseEvent } from "./events";

describe("runtime events", () => {
  it("parses the server's payloads and rejects others", () => {
    const data = JSON.stringify({ runtime_id: "rt1", message: "Idle.", seconds_left: 60 });
    expect(parseEvent("idle_warning", data)).toEqual({
      kind: "idle_warning",
      runtime_id: "rt1",
      message: "Idle.",
      seconds_left: 60,
      reason: undefined,
    });
    expect(parseEvent("state", "not json")).toBeNull();
    expect(parseEvent("state", "{}")).toBeNull();
  });
  it("turns warnings about my runtime into a warning, without a refresh", () => {
    const event = { kind: "lifetime_warning" as const, runtime_id: "rt1", message: "Save your work." };
    expect(effectOf(event, "rt1")).toEqual({ refresh: false, warning: "Save your work." });
  });
  it("refreshes on deaths and culls, keeping their message", () => {
    expect(effectOf({ kind: "died", runtime_id: "rt1", message: "Out of memory." }, "rt1")).toEqual({
      refresh: true,
      error: "Out of memory.",
    });
    const culled = effectOf({ kind: "culled", runtime_id: "rt1", message: "Deleted: idle." }, "rt1");
    expect(culled).toEqual({ refresh: true, warning: "Deleted: idle." });
    expect(effectOf({ kind: "state", runtime_id: "rt1", message: "Connected." }, "rt1")).toEqual({
      refresh: true,
      error: null,
    });
  });
  it("shows a lost machine link as a warning and clears it when the link is back", () => {
    const lost = { kind: "link" as const, runtime_id: "rt1", message: "Lost the link.", reason: "lost" };
    expect(effectOf(lost, "rt1")).toEqual({ refresh: false, warning: "Lost the link." });
    const back = { ...lost, message: "Reconnected.", reason: "restored" };
    expect(effectOf(back, "rt1")).toEqual({ refresh: false, warning: null });
  });
  it("ignores other runtimes, except state changes while this notebook has none", () => {
    expect(effectOf({ kind: "died", runtime_id: "other", message: "x" }, "rt1")).toEqual({ refresh: false });
    expect(effectOf({ kind: "state", runtime_id: "other", message: "x" }, null)).toEqual({ refresh: true });
    expect(effectOf({ kind: "idle_warning", runtime_id: "other", message: "x" }, null)).toEqual({ refresh: false });
  });
});
