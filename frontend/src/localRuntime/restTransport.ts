import { LocalRuntimeError, statusProblem } from "./connectErrors";
import { diagnose, probe } from "./diagnose";
import type { LocalServer } from "./localUrl";
import { randomId, socketBase, type ClientDeps, type LocalTransport } from "./transport";

/**
 * A jupyter_server 2 (Notebook 7, JupyterLab) that allows this page's origin (CORS): its REST API
 * with the token in the Authorization header, and the kernel websocket.
 */
export class RestTransport implements LocalTransport {
  readonly protocol = "rest";

  constructor(
    readonly server: LocalServer,
    private readonly origin: string,
    private readonly deps: ClientDeps,
  ) {}

  async call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    let response: Response;
    try {
      response = await this.deps.fetch(`${this.server.baseUrl}${path}`, {
        method: init.method ?? "GET",
        headers: { Authorization: `token ${this.server.token}`, ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}) },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        cache: "no-store",
        credentials: "omit",
      });
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      // No answer this page may read (CORS, a 403 without CORS headers, nothing listening):
      // the probes tell which.
      throw new LocalRuntimeError(diagnose(await probe(this.server, this.deps), this.server, this.origin));
    }
    if (!response.ok) throw new LocalRuntimeError(statusProblem(response.status, this.server, this.origin));
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  channelsUrl(kernelId: string, sessionId: string): string {
    const query = `session_id=${sessionId || randomId()}&token=${encodeURIComponent(this.server.token)}`;
    return `${socketBase(this.server)}/api/kernels/${encodeURIComponent(kernelId)}/channels?${query}`;
  }

  close(): void {}
}
