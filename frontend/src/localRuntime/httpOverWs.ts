import { LocalRuntimeError, MIN_EXTENSION_VERSION, statusProblem } from "./connectErrors";
import type { LocalServer } from "./localUrl";
import { openSocket, randomId, socketBase, type ClientDeps, type LocalTransport } from "./transport";

/** One message of the extension's reply stream; the first carries status and headers. */
interface ReplyPart {
  message_id?: string;
  status?: number;
  statusText?: string;
  data?: string;
  done?: boolean;
}

/** The extension's `/http_over_websocket/diagnose` answer. */
export interface ExtensionInfo {
  extension_version: string;
  is_outdated_extension: boolean;
}

interface Pending {
  status: number;
  statusText: string;
  chunks: Uint8Array[];
  resolve(text: string): void;
  reject(error: Error): void;
}

const tokenQuery = (server: LocalServer) => `min_version=${MIN_EXTENSION_VERSION}&token=${encodeURIComponent(server.token)}`;

/** Asks the extension who it is; null when nothing at this address speaks jupyter_http_over_ws. */
export async function askExtension(server: LocalServer, deps: ClientDeps, timeoutMs = 5000): Promise<ExtensionInfo | null> {
  let socket: WebSocket;
  try {
    socket = await openSocket(deps, `${socketBase(server)}/http_over_websocket/diagnose?${tokenQuery(server)}`, timeoutMs);
  } catch {
    return null;
  }
  return new Promise((resolve) => {
    const done = (info: ExtensionInfo | null) => {
      clearTimeout(timer);
      socket.onclose = null;
      socket.close();
      resolve(info);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.onmessage = (event: MessageEvent) => {
      try {
        const info = JSON.parse(String(event.data)) as Partial<ExtensionInfo>;
        done(typeof info.extension_version === "string" ? { extension_version: info.extension_version, is_outdated_extension: info.is_outdated_extension === true } : null);
      } catch {
        done(null);
      }
    };
    socket.onclose = () => done(null);
    socket.send(randomId());
  });
}

function decodeBase64(data: string): Uint8Array {
  return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
}

function joinText(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder();
  return chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join("") + decoder.decode();
}

/**
 * A classic Notebook (< 7) with the jupyter_http_over_ws extension: REST requests travel as JSON
 * messages over one websocket and come back in base64 chunks (status and headers in the first,
 * `done` on the last); kernel channels go through `proxied_ws`. A websocket needs no CORS
 * preflight, which is why Colab chose it.
 */
export class HttpOverWsTransport implements LocalTransport {
  readonly protocol = "http-over-ws";
  private readonly pending = new Map<string, Pending>();
  private lost: string | null = null;

  private constructor(
    readonly server: LocalServer,
    private readonly origin: string,
    private readonly socket: WebSocket,
  ) {
    socket.onmessage = (event: MessageEvent) => this.receive(String(event.data));
    socket.onclose = () => this.fail(`The connection to the local runtime at ${server.host} was lost.`);
  }

  static async open(server: LocalServer, origin: string, deps: ClientDeps): Promise<HttpOverWsTransport> {
    try {
      const socket = await openSocket(deps, `${socketBase(server)}/http_over_websocket?${tokenQuery(server)}`);
      return new HttpOverWsTransport(server, origin, socket);
    } catch {
      throw new LocalRuntimeError({ kind: "kernel-failed", message: `jupyter_http_over_ws at ${server.host} answered its diagnosis but refused the connection.`, hint: "See the local server's terminal for the reason." });
    }
  }

  /**
   * The path the extension requests on its server. The token rides in the query, which makes the
   * request token-authenticated (Jupyter then skips its XSRF and origin checks): the extension's
   * other route, cookies fetched from an auth URL, fails on tornado 6.5+, which refuses the
   * header it builds. The trailing `&` keeps the token intact when the extension appends
   * `?_xsrf=…` (it does for writes when this browser holds Jupyter's _xsrf cookie).
   */
  private proxiedPath(path: string): string {
    const base = new URL(this.server.baseUrl).pathname.replace(/\/+$/, "");
    return `${base}${path}${path.includes("?") ? "&" : "?"}token=${encodeURIComponent(this.server.token)}&`;
  }

  call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    if (this.lost) return Promise.reject(new LocalRuntimeError({ kind: "kernel-failed", message: this.lost }));
    const id = randomId();
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { status: 0, statusText: "", chunks: [], resolve, reject });
      const message: Record<string, unknown> = { message_id: id, method: init.method ?? "GET", path: this.proxiedPath(path) };
      if (init.body !== undefined) message.body = JSON.stringify(init.body);
      this.socket.send(JSON.stringify(message));
    }).then((text) => (text ? JSON.parse(text) : null) as T);
  }

  private receive(raw: string): void {
    let part: ReplyPart;
    try {
      part = JSON.parse(raw) as ReplyPart;
    } catch {
      return;
    }
    const request = part.message_id ? this.pending.get(part.message_id) : undefined;
    if (!request || !part.message_id) return;
    if (typeof part.status === "number") {
      request.status = part.status;
      request.statusText = part.statusText ?? "";
    }
    if (part.data) request.chunks.push(decodeBase64(part.data));
    if (!part.done) return;
    this.pending.delete(part.message_id);
    if (request.status >= 200 && request.status < 300) request.resolve(joinText(request.chunks));
    else {
      const problem = statusProblem(request.status, this.server, this.origin, "classic");
      request.reject(new LocalRuntimeError(request.statusText && problem.kind === "kernel-failed" ? { ...problem, hint: request.statusText } : problem));
    }
  }

  private fail(reason: string): void {
    this.lost = reason;
    for (const request of this.pending.values()) request.reject(new LocalRuntimeError({ kind: "kernel-failed", message: reason }));
    this.pending.clear();
  }

  channelsUrl(kernelId: string, sessionId: string): string {
    const query = `session_id=${sessionId}&token=${encodeURIComponent(this.server.token)}`;
    return `${socketBase(this.server)}/http_over_websocket/proxied_ws/api/kernels/${encodeURIComponent(kernelId)}/channels?${query}`;
  }

  close(): void {
    this.lost = "The local runtime was disconnected.";
    this.socket.onclose = null;
    this.socket.close();
  }
}
