import { LocalRuntimeError, networkProblem, statusProblem } from "./connectErrors";
import type { LocalServer } from "./localUrl";

/** A Jupyter message as the kernel websocket's JSON ("legacy") framing carries it. */
export interface KernelMessage {
  header: { msg_id: string; msg_type: string; session: string; username: string; date: string; version: string };
  parent_header: { msg_id?: string; msg_type?: string };
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  channel: "shell" | "iopub" | "stdin" | "control";
  buffers?: unknown[];
}

type Listener = (message: KernelMessage) => void;

export interface ClientDeps {
  fetch: typeof fetch;
  WebSocket: typeof WebSocket;
}

const browserDeps = (): ClientDeps => ({ fetch: window.fetch.bind(window), WebSocket: window.WebSocket });

function uuid(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Calls the local server's REST API; a failure becomes a LocalRuntimeError that says what to do. */
export async function callServer<T>(
  server: LocalServer,
  origin: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
  deps: ClientDeps = browserDeps(),
): Promise<T> {
  let response: Response;
  try {
    response = await deps.fetch(`${server.baseUrl}${path}`, {
      method: init.method ?? "GET",
      headers: { Authorization: `token ${server.token}`, ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      cache: "no-store",
    });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // No answer readable by this page. jupyter_server's 403 for a wrong token carries no CORS
    // headers, so it looks the same as an origin it does not allow: GET /api needs no token and
    // does carry them, so it tells the two apart.
    const allowsUs = await deps.fetch(`${server.baseUrl}/api`, { cache: "no-store" }).then(
      (r) => r.ok,
      () => false,
    );
    if (allowsUs) throw new LocalRuntimeError(statusProblem(403, server, origin));
    // Is anything listening at all? A no-cors request succeeds (opaquely) whenever the server
    // answers, whatever its CORS headers say.
    const reachable = await deps.fetch(`${server.baseUrl}/api`, { mode: "no-cors", cache: "no-store" }).then(
      () => true,
      () => false,
    );
    throw new LocalRuntimeError(networkProblem(reachable, server, origin));
  }
  if (!response.ok) throw new LocalRuntimeError(statusProblem(response.status, server, origin));
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

interface SessionModel {
  id: string;
  kernel: { id: string; name: string };
}

/**
 * One kernel on the person's own Jupyter server, reached from this page directly: a session
 * (POST /api/sessions, so a second tab on the same notebook finds the same kernel) and the
 * kernel's channels websocket. The hosted service sees none of it.
 */
export class LocalKernel {
  private readonly listeners = new Set<Listener>();
  private readonly clientSession = uuid();
  private closed = false;
  onClose: (reason: string) => void = () => undefined;

  private constructor(
    readonly server: LocalServer,
    private readonly origin: string,
    readonly kernelId: string,
    private socket: WebSocket,
    private readonly deps: ClientDeps,
  ) {
    this.attach(socket);
  }

  static async connect(
    server: LocalServer,
    origin: string,
    notebook: { id: string; name: string },
    deps: ClientDeps = browserDeps(),
  ): Promise<LocalKernel> {
    await callServer<unknown>(server, origin, "/api/kernels", {}, deps);
    const session = await callServer<SessionModel>(
      server,
      origin,
      "/api/sessions",
      { method: "POST", body: { path: `collaboratory-${notebook.id}.ipynb`, name: notebook.name, type: "notebook", kernel: { name: "python3" } } },
      deps,
    );
    const socket = await LocalKernel.open(server, session.kernel.id, deps);
    return new LocalKernel(server, origin, session.kernel.id, socket, deps);
  }

  private static open(server: LocalServer, kernelId: string, deps: ClientDeps): Promise<WebSocket> {
    const ws = server.baseUrl.replace(/^http/, "ws");
    const url = `${ws}/api/kernels/${encodeURIComponent(kernelId)}/channels?session_id=${uuid()}&token=${encodeURIComponent(server.token)}`;
    return new Promise((resolve, reject) => {
      const socket = new deps.WebSocket(url);
      socket.onopen = () => resolve(socket);
      socket.onerror = () =>
        reject(new LocalRuntimeError({ kind: "kernel-failed", message: `The kernel's channels at ${server.host} refused the connection.`, hint: "See the local server's terminal for the reason." }));
    });
  }

  private attach(socket: WebSocket): void {
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== "string") return; // binary frames carry buffers (widgets): unsupported
      const message = JSON.parse(event.data) as KernelMessage;
      for (const listener of this.listeners) listener(message);
    };
    socket.onclose = () => {
      if (!this.closed) this.onClose(`The connection to the local runtime at ${this.server.host} was lost.`);
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a request; returns its msg_id (replies and iopub messages carry it as parent). */
  send(channel: KernelMessage["channel"], msgType: string, content: Record<string, unknown>): string {
    const msgId = uuid();
    const message: KernelMessage = {
      header: { msg_id: msgId, msg_type: msgType, session: this.clientSession, username: "collaboratory", date: new Date().toISOString(), version: "5.3" },
      parent_header: {},
      metadata: {},
      content,
      channel,
      buffers: [],
    };
    this.socket.send(JSON.stringify(message));
    return msgId;
  }

  /** A shell request and its reply. */
  request(msgType: string, content: Record<string, unknown>, timeoutMs = 30_000): Promise<KernelMessage> {
    return new Promise((resolve, reject) => {
      let msgId = "";
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`The local kernel did not answer ${msgType} in time.`));
      }, timeoutMs);
      const unsubscribe = this.subscribe((message) => {
        if (message.channel === "shell" && message.parent_header.msg_id === msgId) {
          clearTimeout(timer);
          unsubscribe();
          resolve(message);
        }
      });
      msgId = this.send("shell", msgType, content);
    });
  }

  interrupt(): Promise<unknown> {
    return callServer(this.server, this.origin, `/api/kernels/${this.kernelId}/interrupt`, { method: "POST", body: {} }, this.deps);
  }

  restart(): Promise<unknown> {
    return callServer(this.server, this.origin, `/api/kernels/${this.kernelId}/restart`, { method: "POST", body: {} }, this.deps);
  }

  close(): void {
    this.closed = true;
    this.socket.close();
  }
}
