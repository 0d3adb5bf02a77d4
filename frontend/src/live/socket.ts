/** The part of the browser WebSocket the live provider uses, so tests can hand in a fake. */
export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export const SOCKET_OPEN = 1;

export const browserSocket: SocketFactory = (url) => new WebSocket(url);

/** The absolute ws(s) URL of a same-origin path. */
export function websocketUrl(path: string, location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}

/** The path of a notebook's sync socket. */
export function syncPath(notebookId: string): string {
  return `/api/notebooks/${encodeURIComponent(notebookId)}/sync`;
}
