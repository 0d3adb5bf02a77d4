// Test helpers: runtime objects and a controller to render the chrome with.
import { vi } from "vitest";
import type { RuntimeInfo, RuntimeTypeInfo, UsageSample } from "./api";
import type { RuntimeController } from "./useRuntime";

export function fakeRuntime(change: Partial<RuntimeInfo> = {}): RuntimeInfo {
  return {
    id: "rt1",
    notebook_id: "nb1",
    runtime_type: "cpu",
    state: "ready",
    kernel_id: "k1",
    kernelspec: "python3",
    accelerator: null,
    queue_position: null,
    execution_state: "idle",
    created_at: "2026-01-01T00:00:00Z",
    expires_at: "2026-01-01T12:00:00Z",
    last_activity: "2026-01-01T00:00:00Z",
    error: null,
    reason: null,
    ...change,
  };
}

export function fakeSample(change: Partial<UsageSample> = {}): UsageSample {
  return {
    at: 0,
    memory_bytes: 1_000_000_000,
    memory_limit_bytes: 4_000_000_000,
    cpu_percent: 12,
    disk_bytes: 50_000_000,
    disk_limit_bytes: null,
    gpus: [],
    reported: true,
    ...change,
  };
}

export function fakeController(change: Partial<RuntimeController> = {}): RuntimeController {
  return {
    runtime: null,
    status: "disconnected",
    queuePosition: null,
    usage: [],
    error: null,
    warning: null,
    connect: vi.fn(async () => {}),
    interrupt: vi.fn(async () => {}),
    restart: vi.fn(async () => {}),
    reset: vi.fn(async () => {}),
    disconnect: vi.fn(async () => {}),
    refresh: vi.fn(async () => {}),
    ...change,
  };
}

/** Stubs fetch with answers by "METHOD path" (query string ignored); records the calls. */
export function stubFetch(answers: Record<string, unknown>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? "GET";
    calls.push({ method, url, body: init?.body });
    const key = `${method} ${url.split("?")[0]}`;
    if (!(key in answers)) {
      return new Response(JSON.stringify({ error: { code: "not_found", message: `No stub for ${key}` } }), { status: 404 });
    }
    const answer = answers[key];
    if (answer instanceof Response) return answer;
    return answer === undefined ? new Response(null, { status: 204 }) : new Response(JSON.stringify(answer), { status: 200 });
  });
  vi.stubGlobal("fetch", fetchStub);
  return calls;
}

export function fakeType(id: string, change: Partial<RuntimeTypeInfo> = {}): RuntimeTypeInfo {
  const accelerator = id.startsWith("gpu") ? "gpu" : id.startsWith("tpu") ? "tpu" : "none";
  const highram = id.endsWith("-highram");
  return {
    id,
    name: `${accelerator === "none" ? "CPU" : accelerator.toUpperCase()}${highram ? " (High-RAM)" : ""}`,
    accelerator,
    accelerator_count: accelerator === "none" ? 0 : 1,
    memory_mb: highram ? 32768 : 4096,
    cpus: 2,
    kernelspec: id === "cpu" ? "python3" : `python3-${id}`,
    available: true,
    reason: null,
    free: null,
    total: null,
    warm: 0,
    ...change,
  };
}
