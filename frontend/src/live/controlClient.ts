import type { KernelChannel } from "../widgets/channel";
import type { ClientKernelMessage, ClientRequest, JupyterMessage, ServerMessage } from "./protocol";

/** The text-frame half of the live socket (LiveProvider implements it). */
export interface TextTransport {
  sendText(text: string): boolean;
  onText(listener: (text: string) => void): () => void;
  onState(listener: (state: { connected: boolean }) => void): () => void;
  readonly connected: boolean;
}

export class ControlError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ControlError";
  }
}

/** A request without its id: the client numbers requests itself. */
export type RequestBody = ClientRequest extends infer R ? (R extends ClientRequest ? Omit<R, "id"> : never) : never;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: ControlError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * JSON control protocol over the live socket: request → reply by id (with a timeout), and the
 * kernel relay for ipywidgets (this is the widget manager's KernelChannel).
 */
export class ControlClient implements KernelChannel {
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly kernelListeners = new Set<(msg: JupyterMessage) => void>();
  private readonly errorListeners = new Set<(error: ControlError) => void>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly transport: TextTransport,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {
    this.unsubscribe = [
      transport.onText((text) => this.onText(text)),
      transport.onState((state) => {
        if (!state.connected) this.failAll("disconnected", "The connection to the server was lost.");
      }),
    ];
  }

  get connected(): boolean {
    return this.transport.connected;
  }

  request<T>(body: RequestBody, timeoutMs: number = this.timeoutMs): Promise<T> {
    const id = `r${this.nextId++}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ControlError("timeout", "The server did not answer in time."));
      }, timeoutMs);
      this.pending.set(id, { resolve: (r) => resolve(r as T), reject, timer });
      if (!this.transport.sendText(JSON.stringify({ ...body, id }))) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new ControlError("disconnected", "Not connected to the server."));
      }
    });
  }

  send(msg: ClientKernelMessage["msg"]): void {
    const message: ClientKernelMessage = { type: "kernel", msg };
    this.transport.sendText(JSON.stringify(message));
  }

  onMessage(listener: (msg: JupyterMessage) => void): () => void {
    this.kernelListeners.add(listener);
    return () => this.kernelListeners.delete(listener);
  }

  /** Errors the server reports about a message it could not match to a request. */
  onError(listener: (error: ControlError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.failAll("disposed", "The editor was closed.");
    this.kernelListeners.clear();
    this.errorListeners.clear();
  }

  private onText(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if (message.type === "reply") {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new ControlError(message.error.code, message.error.message));
    } else if (message.type === "kernel") {
      const msg = message.channel && !message.msg.channel ? { ...message.msg, channel: message.channel } : message.msg;
      for (const listener of this.kernelListeners) listener(msg);
    } else if (message.type === "error") {
      const error = new ControlError(message.error.code, message.error.message);
      for (const listener of this.errorListeners) listener(error);
    }
  }

  private failAll(code: string, text: string): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new ControlError(code, text));
      this.pending.delete(id);
    }
  }
}
