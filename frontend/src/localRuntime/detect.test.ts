import { describe, expect, it } from "vitest";
import { LocalRuntimeError } from "./connectErrors";
import { openTransport } from "./detect";
import type { LocalServer } from "./localUrl";
import type { ClientDeps } from "./transport";

const ORIGIN = "http://127.0.0.1:8000";
const server: LocalServer = { baseUrl: "http://127.0.0.1:8888", host: "127.0.0.1:8888", token: "s3cret" };

type Answer = { status: number; body: string } | "refuse";

/** A scripted local server: what its jupyter_http_over_ws and its REST API answer. */
interface Script {
  extension?: { version: string; outdated: boolean } | null;
  /** Proxied requests (path without query) → answer, sent back in two chunks. */
  proxied?: Record<string, Answer>;
  /** REST (fetch) requests (path without query) → answer, or "refuse" (a CORS/network failure). */
  rest?: Record<string, Answer>;
}

function fakeDeps(script: Script) {
  const sent: Record<string, unknown>[] = [];
  const opened: string[] = [];
  class FakeSocket {
    onopen: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onclose: (() => void) | null = null;
    onmessage: ((event: { data: string }) => void) | null = null;
    constructor(readonly url: string) {
      opened.push(url);
      const ok = script.extension != null && url.includes("/http_over_websocket");
      setTimeout(() => (ok ? this.onopen?.() : this.onerror?.()), 0);
    }
    send(data: string) {
      if (this.url.includes("/diagnose")) {
        const ext = script.extension!;
        setTimeout(() => this.onmessage?.({ data: JSON.stringify({ message_id: data, extension_version: ext.version, is_outdated_extension: ext.outdated }) }), 0);
        return;
      }
      const request = JSON.parse(data) as { message_id: string; path: string };
      sent.push(request);
      const answer = script.proxied?.[request.path.split("?")[0]!] ?? { status: 404, body: "" };
      if (answer === "refuse") return;
      const bytes = btoa(answer.body);
      const half = Math.floor(bytes.length / 8) * 4;
      const parts = [
        { message_id: request.message_id, status: answer.status, statusText: "x", headers: {}, data: bytes.slice(0, half), done: false },
        { message_id: request.message_id, data: bytes.slice(half), done: true },
      ];
      for (const part of parts) setTimeout(() => this.onmessage?.({ data: JSON.stringify(part) }), 0);
    }
    close() {}
  }
  const fetched: { url: string; init?: RequestInit }[] = [];
  const fakeFetch = (url: string, init?: RequestInit): Promise<Response> => {
    fetched.push({ url, init });
    const path = new URL(url).pathname;
    const answer = script.rest?.[path] ?? "refuse";
    if (init?.mode === "no-cors") return script.rest ? Promise.resolve(new Response(null, { status: 200 })) : Promise.reject(new TypeError("failed"));
    if (answer === "refuse") return Promise.reject(new TypeError("Failed to fetch"));
    return Promise.resolve(new Response(answer.body, { status: answer.status }));
  };
  const deps = { fetch: fakeFetch as unknown as typeof fetch, WebSocket: FakeSocket as unknown as typeof WebSocket } satisfies ClientDeps;
  return { deps, sent, opened, fetched };
}

const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof LocalRuntimeError ? error.problem : error),
  );

describe("openTransport: which way the local server speaks", () => {
  it("a classic Notebook with jupyter_http_over_ws: proxied requests carrying the token, chunked replies joined", async () => {
    const kernels = JSON.stringify([{ id: "k1", name: "python3" }]);
    const { deps, sent, opened } = fakeDeps({ extension: { version: "0.0.7", outdated: false }, proxied: { "/api/kernels": { status: 200, body: kernels } } });
    const transport = await openTransport(server, ORIGIN, deps);
    expect(transport.protocol).toBe("http-over-ws");
    expect(opened[0]).toBe("ws://127.0.0.1:8888/http_over_websocket/diagnose?min_version=0.0.7&token=s3cret");
    expect(opened[1]).toBe("ws://127.0.0.1:8888/http_over_websocket?min_version=0.0.7&token=s3cret");
    // The trailing & keeps the token whole when the extension appends ?_xsrf=… to a write.
    expect(sent[0]).toMatchObject({ method: "GET", path: "/api/kernels?token=s3cret&" });
    await expect(transport.call("/api/kernels")).resolves.toEqual([{ id: "k1", name: "python3" }]);
    expect(transport.channelsUrl("k1", "abc")).toBe("ws://127.0.0.1:8888/http_over_websocket/proxied_ws/api/kernels/k1/channels?session_id=abc&token=s3cret");
  });

  it("a POST goes with its JSON body", async () => {
    const { deps, sent } = fakeDeps({
      extension: { version: "0.0.7", outdated: false },
      proxied: { "/api/kernels": { status: 200, body: "[]" }, "/api/sessions": { status: 201, body: '{"id":"s"}' } },
    });
    const transport = await openTransport(server, ORIGIN, deps);
    await expect(transport.call("/api/sessions", { method: "POST", body: { path: "a.ipynb" } })).resolves.toEqual({ id: "s" });
    expect(sent[1]).toMatchObject({ method: "POST", body: '{"path":"a.ipynb"}' });
  });

  it("the extension answers, the server behind it refuses the token: the classic list command", async () => {
    const { deps } = fakeDeps({ extension: { version: "0.0.7", outdated: false }, proxied: { "/api/kernels": { status: 403, body: "" } } });
    const problem = await problemOf(openTransport(server, ORIGIN, deps));
    expect(problem).toMatchObject({ kind: "bad-token", command: "jupyter notebook list" });
  });

  it("an extension older than min_version: upgrade it", async () => {
    const { deps } = fakeDeps({ extension: { version: "0.0.6", outdated: true }, proxied: { "/api/kernels": { status: 200, body: "[]" } } });
    const problem = await problemOf(openTransport(server, ORIGIN, deps));
    expect(problem).toMatchObject({ kind: "extension-outdated" });
    expect((problem as { command: string }).command).toContain("pip install --upgrade jupyter_http_over_ws");
  });

  it("no extension: REST + CORS with the token in the Authorization header", async () => {
    const { deps, fetched } = fakeDeps({ extension: null, rest: { "/api/kernels": { status: 200, body: "[]" }, "/api": { status: 200, body: '{"version":"2.14.0"}' } } });
    const transport = await openTransport(server, ORIGIN, deps);
    expect(transport.protocol).toBe("rest");
    expect(fetched[0]?.init?.headers).toMatchObject({ Authorization: "token s3cret" });
    expect(transport.channelsUrl("k1", "abc")).toBe("ws://127.0.0.1:8888/api/kernels/k1/channels?session_id=abc&token=s3cret");
  });

  it("a jupyter_server 1 that lets the page in is still refused as too old", async () => {
    const { deps } = fakeDeps({ extension: null, rest: { "/api/kernels": { status: 200, body: "[]" }, "/api": { status: 200, body: '{"version":"1.24.0"}' } } });
    expect(await problemOf(openTransport(server, ORIGIN, deps))).toMatchObject({ kind: "server-too-old" });
  });

  it("no extension and REST refused: the probes decide (here: nothing listens)", async () => {
    const { deps } = fakeDeps({ extension: null });
    expect(await problemOf(openTransport(server, ORIGIN, deps))).toMatchObject({ kind: "unreachable" });
  });
});
