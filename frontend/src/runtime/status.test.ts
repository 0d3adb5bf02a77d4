import { describe, expect, it } from "vitest";
import { acceleratorLabel, deriveStatus, formatBytes, fraction, gpusOf, metersOf, queueLabel, statusLabel } from "./status";
import { fakeRuntime, fakeSample } from "./testing";

describe("deriveStatus", () => {
  it("is disconnected without a runtime and connecting while a connect runs", () => {
    expect(deriveStatus(null, false)).toBe("disconnected");
    expect(deriveStatus(null, true)).toBe("connecting");
  });
  it("follows the server's state, except while a new connect replaces the runtime", () => {
    expect(deriveStatus(fakeRuntime({ state: "queued" }), false)).toBe("queued");
    expect(deriveStatus(fakeRuntime({ state: "busy" }), false)).toBe("busy");
    expect(deriveStatus(fakeRuntime({ state: "dead" }), false)).toBe("dead");
    expect(deriveStatus(fakeRuntime({ state: "ready" }), true)).toBe("connecting");
  });
});

describe("labels", () => {
  it("names the accelerator waited for", () => {
    expect(acceleratorLabel(fakeRuntime({ runtime_type: "gpu-highram" }))).toBe("GPU");
    expect(acceleratorLabel(fakeRuntime({ runtime_type: "tpu" }))).toBe("TPU");
  });
  it("shows the queue position when known", () => {
    expect(queueLabel("GPU", 2)).toBe("Allocating GPU (position 2 in queue)");
    expect(queueLabel("GPU", null)).toBe("Allocating GPU…");
    const queued = fakeRuntime({ state: "queued", runtime_type: "gpu", queue_position: 1 });
    expect(statusLabel("queued", queued)).toBe("Allocating GPU (position 1 in queue)");
  });
  it("uses Colab's words for the other states", () => {
    expect(statusLabel("disconnected", null)).toBe("Connect");
    expect(statusLabel("connecting", null)).toBe("Connecting…");
    expect(statusLabel("starting", fakeRuntime())).toBe("Connecting…");
    const image = { name: "standard", state: "building" as const, percent: 7, message: null };
    expect(statusLabel("starting", fakeRuntime({ state: "starting", image }))).toBe("Preparing runtime image standard… 7%");
    expect(statusLabel("connecting", fakeRuntime({ state: "starting", image }))).toBe("Preparing runtime image standard… 7%");
    expect(statusLabel("ready", fakeRuntime())).toBe("Connected");
    expect(statusLabel("busy", fakeRuntime())).toBe("Busy");
  });
});

describe("meters", () => {
  it("computes clamped fractions, none without a limit", () => {
    expect(fraction(1, 4)).toBe(0.25);
    expect(fraction(8, 4)).toBe(1);
    expect(fraction(1, null)).toBeNull();
    expect(fraction(null, 4)).toBeNull();
  });
  it("formats bytes in decimal units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1_500_000_000)).toBe("1.50 GB");
    expect(formatBytes(12_300_000)).toBe("12.3 MB");
  });
  it("has none when the backend does not report usage (a gateway)", () => {
    expect(metersOf(fakeSample({ reported: false, memory_bytes: 0 }))).toEqual([]);
  });
  it("has RAM and Disk, plus GPU memory per GPU", () => {
    const gpu = { id: "0", name: "H200", utilization_percent: 50, memory_used_bytes: 10, memory_total_bytes: 40 };
    const meters = metersOf(fakeSample({ gpus: [gpu, { junk: true }] }));
    expect(meters.map((m) => m.label)).toEqual(["RAM", "Disk", "GPU"]);
    expect(meters[0]).toMatchObject({ fraction: 0.25, detail: "1.00 GB / 4.00 GB" });
    expect(meters[1]).toMatchObject({ fraction: null, detail: "50.0 MB" });
    expect(meters[2]?.fraction).toBe(0.25);
    expect(gpusOf(fakeSample({ gpus: [{ id: "0", name: "x", utilization_percent: null }] }))[0]).toMatchObject({
      utilization_percent: null,
      memory_used_bytes: null,
    });
  });
});
