import type { LocalServer } from "./localUrl";

/** The browser APIs the transports use (tests pass their own). */
export interface ClientDeps {
  fetch: typeof fetch;
  WebSocket: typeof WebSocket;
}

export const browserDeps = (): ClientDeps => ({ fetch: window.fetch.bind(window), WebSocket: window.WebSocket });

/** Which way the browser speaks to the local server. */
export type LocalProtocol = "http-over-ws" | "rest";

/**
 * How the page reaches a local Jupyter server: its REST API and kernel channels, whichever way the
 * server speaks (the classic jupyter_http_over_ws extension, or REST + CORS). LocalKernel and the
 * runner see only this.
 */
export interface LocalTransport {
  readonly protocol: LocalProtocol;
  readonly server: LocalServer;
  /** A JSON request to the server's REST API; rejects with a LocalRuntimeError that says what to do. */
  call<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** The websocket URL of a kernel's channels. */
  channelsUrl(kernelId: string, sessionId: string): string;
  close(): void;
}

export function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `ws://host:port/base` for a server's `http://host:port/base`. */
export function socketBase(server: LocalServer): string {
  return server.baseUrl.replace(/^http/, "ws");
}

/** Opens a websocket; rejects when it fails or has not opened within `timeoutMs`. */
export function openSocket(deps: ClientDeps, url: string, timeoutMs = 8000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new deps.WebSocket(url);
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("timeout"));
    }, timeoutMs);
    socket.onopen = () => {
      clearTimeout(timer);
      resolve(socket);
    };
    socket.onerror = () => {
      clearTimeout(timer);
      reject(new Error("refused"));
    };
  });
}
