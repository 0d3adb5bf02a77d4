import { LocalRuntimeError } from "./connectErrors";
import { openTransport } from "./detect";
import type { LocalServer } from "./localUrl";
import { decodeFrame, encodeFrame } from "./kernelWire";
import { browserDeps, openSocket, randomId, type ClientDeps, type LocalProtocol, type LocalTransport } from "./transport";

export type { ClientDeps } from "./transport";

/** A Jupyter message as the kernel websocket's JSON ("legacy") framing carries it. */
export interface KernelMessage {
  header: { msg_id: string; msg_type: string; session: string; username: string; date: string; version: string };
  parent_header: { msg_id?: string; msg_type?: string };
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  channel: "shell" | "iopub" | "stdin" | "control";
  /** Binary buffers (widgets that carry bytes), from a binary frame. */
  buffers?: DataView[];
}

/** What a sender may set beyond the content: its own msg_id (the widget manager tracks it), metadata, buffers. */
export interface SendOptions {
  msgId?: string;
  metadata?: Record<string, unknown>;
  buffers?: ArrayBufferView[];
}

type Listener = (message: KernelMessage) => void;

interface SessionModel {
  id: string;
  kernel: { id: string; name: string };
}

/**
 * One kernel on the person's own Jupyter server, reached from this page directly over whichever
 * transport the server speaks: a session (POST /api/sessions, so a second tab on the same notebook
 * finds the same kernel) and the kernel's channels websocket. The hosted service sees none of it.
 */
export class LocalKernel {
  private readonly listeners = new Set<Listener>();
  private readonly clientSession = randomId();
  private closed = false;
  onClose: (reason: string) => void = () => undefined;

  private constructor(
    private readonly transport: LocalTransport,
    readonly kernelId: string,
    private readonly socket: WebSocket,
  ) {
    this.attach(socket);
  }

  get server(): LocalServer {
    return this.transport.server;
  }

  get protocol(): LocalProtocol {
    return this.transport.protocol;
  }

  static async connect(server: LocalServer, origin: string, notebook: { id: string; name: string }, deps: ClientDeps = browserDeps()): Promise<LocalKernel> {
    const transport = await openTransport(server, origin, deps);
    try {
      const session = await transport.call<SessionModel>("/api/sessions", {
        method: "POST",
        body: { path: `collaboratory-${notebook.id}.ipynb`, name: notebook.name, type: "notebook", kernel: { name: "python3" } },
      });
      const socket = await openSocket(deps, transport.channelsUrl(session.kernel.id, randomId()), 30_000).catch(() => {
        throw new LocalRuntimeError({ kind: "kernel-failed", message: `The kernel's channels at ${server.host} refused the connection.`, hint: "See the local server's terminal for the reason." });
      });
      return new LocalKernel(transport, session.kernel.id, socket);
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  private attach(socket: WebSocket): void {
    socket.binaryType = "arraybuffer";
    socket.onmessage = (event: MessageEvent) => {
      const frame = decodeFrame(event.data);
      if (!frame) return;
      const message = { ...frame.json, buffers: frame.buffers } as unknown as KernelMessage;
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

  /** Whether the kernel's channels are open now. */
  get connected(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN;
  }

  /** Sends a request; returns its msg_id (replies and iopub messages carry it as parent). */
  send(channel: KernelMessage["channel"], msgType: string, content: Record<string, unknown>, options: SendOptions = {}): string {
    const msgId = options.msgId ?? randomId();
    const message = {
      header: { msg_id: msgId, msg_type: msgType, session: this.clientSession, username: "collaboratory", date: new Date().toISOString(), version: "5.3" },
      parent_header: {},
      metadata: options.metadata ?? {},
      content,
      channel,
      buffers: [],
    };
    this.socket.send(encodeFrame(message, options.buffers ?? []));
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
    return this.transport.call(`/api/kernels/${encodeURIComponent(this.kernelId)}/interrupt`, { method: "POST", body: {} });
  }

  restart(): Promise<unknown> {
    return this.transport.call(`/api/kernels/${encodeURIComponent(this.kernelId)}/restart`, { method: "POST", body: {} });
  }

  close(): void {
    this.closed = true;
    this.socket.close();
    this.transport.close();
  }
}
