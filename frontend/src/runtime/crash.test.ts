import { describe, expect, it } from "vitest";
import { crashLabel, crashOf } from "./crash";
import { fakeRuntime } from "./testing";

describe("crashOf", () => {
  it("is null while the runtime lives, or when it died without a word", () => {
    expect(crashOf(null)).toBeNull();
    expect(crashOf(fakeRuntime())).toBeNull();
    expect(crashOf(fakeRuntime({ state: "dead" }))).toBeNull();
  });

  it("takes the runtime's reason and message, the event's message until then", () => {
    const oom = crashOf(fakeRuntime({ state: "dead", reason: "oom", error: "Your session crashed after using all available RAM." }));
    expect(oom).toEqual({ reason: "oom", message: "Your session crashed after using all available RAM.", suggestsHighRam: true });
    expect(crashLabel(oom!)).toBe("Session crashed: out of RAM");
    const early = crashOf(fakeRuntime({ state: "dead" }), "Your session crashed for an unknown reason.");
    expect(early?.reason).toBeNull();
    expect(crashLabel(early!)).toBe("Session crashed");
    const high = crashOf(fakeRuntime({ state: "dead", reason: "oom", runtime_type: "gpu-highram", error: "…" }));
    expect(high?.suggestsHighRam).toBe(false);
    expect(crashOf(fakeRuntime({ state: "dead", reason: "pids", error: "…" }))?.suggestsHighRam).toBe(false);
  });
});
