import { describe, expect, it } from "vitest";
import { formatDuration, runTooltip } from "./runInfo";

describe("run info", () => {
  it("formats durations", () => {
    expect([850, 12_000, 184_000, 3_720_000].map(formatDuration)).toEqual(["850ms", "12s", "3m 4s", "1h 2m"]);
  });
  it("describes the last run: outcome, who and how long", () => {
    const text = runTooltip({
      status: "done",
      started_at: "2026-01-01T10:00:00.000Z",
      ended_at: "2026-01-01T10:00:02.500Z",
      by: "ada",
    });
    expect(text).toMatch(/^Executed by ada at .+ \(2s\)$/);
    expect(runTooltip({ status: "error", by: null })).toBe("Failed");
  });
  it("shows running time and queued state", () => {
    const now = Date.parse("2026-01-01T10:00:05Z");
    expect(runTooltip({ status: "running", started_at: "2026-01-01T10:00:00Z" }, now)).toMatch(/^Running for 5s/);
    expect(runTooltip({ status: "queued", by: "bo" })).toMatch(/^Queued by bo/);
    expect(runTooltip(null)).toMatch(/^Run cell/);
  });
});
