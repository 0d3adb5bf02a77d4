import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useRuntime } from "./useRuntime";
import { fakeRuntime, fakeSample, stubFetch } from "./testing";

/** Stands in for the browser's EventSource; `emit` delivers a server-sent event. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  listeners = new Map<string, (ev: MessageEvent<string>) => void>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(kind: string, listener: (ev: MessageEvent<string>) => void) {
    this.listeners.set(kind, listener);
  }
  close() {
    this.closed = true;
  }
  emit(kind: string, payload: object) {
    this.listeners.get(kind)?.(new MessageEvent(kind, { data: JSON.stringify(payload) }));
  }
}

beforeEach(() => vi.stubGlobal("EventSource", FakeEventSource));
afterEach(() => vi.unstubAllGlobals());

describe("useRuntime", () => {
  it("finds this notebook's runtime and samples its usage", async () => {
    stubFetch({
      "GET /api/runtimes": [fakeRuntime({ id: "other", notebook_id: "nb9" }), fakeRuntime()],
      "GET /api/runtimes/rt1": fakeRuntime(),
      "GET /api/runtimes/rt1/usage": fakeSample(),
    });
    const { result } = renderHook(() => useRuntime("nb1"));
    await waitFor(() => expect(result.current.status).toBe("ready"));
    expect(result.current.runtime?.id).toBe("rt1");
    await waitFor(() => expect(result.current.usage).toHaveLength(1));
    expect(result.current.usage[0]?.memory_bytes).toBe(1_000_000_000);
    expect(FakeEventSource.last?.url).toBe("/api/runtimes/events");
  });

  it("connects, queued with a position, and disconnects", async () => {
    const queued = fakeRuntime({ runtime_type: "gpu", state: "queued", queue_position: 2 });
    const calls = stubFetch({
      "GET /api/runtimes": [],
      "POST /api/runtimes": queued,
      "GET /api/runtimes/rt1": queued,
      "DELETE /api/runtimes/rt1": undefined,
    });
    const { result } = renderHook(() => useRuntime("nb1"));
    await waitFor(() => expect(result.current.status).toBe("disconnected"));
    await act(() => result.current.connect("gpu"));
    expect(result.current.status).toBe("queued");
    expect(result.current.queuePosition).toBe(2);
    const post = calls.find((c) => c.method === "POST");
    expect(JSON.parse(String(post?.body))).toEqual({ notebook_id: "nb1", runtime_type: "gpu", wait: true });
    await act(() => result.current.disconnect());
    expect(result.current.status).toBe("disconnected");
    expect(result.current.runtime).toBeNull();
  });

  it("shows the runtime a connect waits for, with the build of its image", async () => {
    const image = { name: "ml", state: "building" as const, percent: 40, message: "Downloaded 3 of 9 files" };
    const starting = fakeRuntime({ state: "starting", runtime_type: "gpu", image });
    let posted = false;
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        if (init?.method === "POST") {
          posted = true;
          return new Promise<Response>((resolve) => (answer = resolve));
        }
        if (String(input) === "/api/runtimes") return new Response(JSON.stringify(posted ? [starting] : []));
        return new Response(JSON.stringify(fakeRuntime()));
      }),
    );
    const { result } = renderHook(() => useRuntime("nb1"));
    await waitFor(() => expect(result.current.status).toBe("disconnected"));
    let connected: Promise<void> = Promise.resolve();
    act(() => {
      connected = result.current.connect("gpu");
    });
    await waitFor(() => expect(result.current.runtime?.image?.percent).toBe(40));
    expect(result.current.status).toBe("connecting");
    await act(async () => {
      answer(new Response(JSON.stringify(fakeRuntime({ runtime_type: "gpu" })), { status: 201 }));
      await connected;
    });
    expect(result.current.status).toBe("ready");
  });

  it("reports a failed connect as an error", async () => {
    const refused = { error: { code: "runtime_limit", message: "You have 5 runtimes." } };
    stubFetch({ "GET /api/runtimes": [], "POST /api/runtimes": new Response(JSON.stringify(refused), { status: 429 }) });
    const { result } = renderHook(() => useRuntime("nb1"));
    await act(() => result.current.connect());
    expect(result.current.error).toBe("You have 5 runtimes.");
    expect(result.current.status).toBe("disconnected");
  });

  it("shows cull warnings and deaths from the event stream", async () => {
    stubFetch({
      "GET /api/runtimes": [fakeRuntime()],
      "GET /api/runtimes/rt1": fakeRuntime(),
      "GET /api/runtimes/rt1/usage": fakeSample(),
    });
    const { result } = renderHook(() => useRuntime("nb1"));
    await waitFor(() => expect(result.current.status).toBe("ready"));
    act(() => FakeEventSource.last?.emit("idle_warning", { runtime_id: "rt1", message: "Idle: 5 minutes left." }));
    expect(result.current.warning).toBe("Idle: 5 minutes left.");
    stubFetch({ "GET /api/runtimes": [fakeRuntime({ state: "dead" })], "GET /api/runtimes/rt1": fakeRuntime({ state: "dead" }) });
    act(() => FakeEventSource.last?.emit("died", { runtime_id: "rt1", message: "The kernel died." }));
    expect(result.current.error).toBe("The kernel died.");
    await waitFor(() => expect(result.current.status).toBe("dead"));
  });
});
