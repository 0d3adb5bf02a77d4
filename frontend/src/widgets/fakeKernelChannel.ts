import type { ClientKernelMessage, JupyterMessage } from "../live/protocol";
import type { KernelChannel } from "./channel";

type SentMessage = ClientKernelMessage["msg"];
type KernelMessageInput = Omit<JupyterMessage, "metadata" | "buffers"> &
  Partial<Pick<JupyterMessage, "metadata" | "buffers">>;

/**
 * A test double of the notebook's kernel channel: records what the browser sends, and lets a
 * test play the kernel by pushing messages (optionally answering comm_info_request itself).
 */
export class FakeKernelChannel implements KernelChannel {
  readonly sent: SentMessage[] = [];
  connected = true;
  /** The comms a comm_info_request is answered with; null: leave requests unanswered. */
  commInfo: Record<string, { target_name: string }> | null = {};
  private readonly listeners = new Set<(msg: JupyterMessage) => void>();

  send(msg: SentMessage): void {
    if (!this.connected) return;
    this.sent.push(msg);
    if (msg.header.msg_type === "comm_info_request" && this.commInfo !== null) {
      const comms = this.commInfo;
      queueMicrotask(() => this.reply(msg, "comm_info_reply", { status: "ok", comms }));
    }
  }

  onMessage(listener: (msg: JupyterMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Delivers a message from the kernel. */
  push(msg: KernelMessageInput): void {
    const full: JupyterMessage = { metadata: {}, buffers: [], ...msg };
    for (const listener of [...this.listeners]) listener(full);
  }

  /** An iopub message from the kernel, as a reply to `parent` if given. */
  iopub(
    msgType: string,
    content: Record<string, unknown>,
    parent?: SentMessage | string,
    buffers: string[] = [],
  ): void {
    const parentId = typeof parent === "string" ? parent : parent?.header.msg_id;
    this.push({
      header: { msg_id: `kernel-${Math.random().toString(16).slice(2)}`, msg_type: msgType },
      parent_header: parentId === undefined ? {} : { msg_id: parentId },
      // ipywidgets sends the widget protocol version with every comm_open.
      metadata: msgType === "comm_open" ? { version: "2.1.0" } : {},
      content,
      buffers,
      channel: "iopub",
    });
  }

  /** The kernel opens the comm of a new widget with this state. */
  openWidget(commId: string, state: Record<string, unknown>): void {
    this.iopub("comm_open", { comm_id: commId, target_name: "jupyter.widget", data: { state, buffer_paths: [] } });
  }

  /** The kernel changes a widget's state (`w.value = 5`). */
  updateWidget(commId: string, state: Record<string, unknown>): void {
    this.iopub("comm_msg", { comm_id: commId, data: { method: "update", state, buffer_paths: [] } });
  }

  reply(parent: SentMessage, msgType: string, content: Record<string, unknown>): void {
    this.push({
      header: { msg_id: `reply-${parent.header.msg_id}`, msg_type: msgType },
      parent_header: { msg_id: parent.header.msg_id, msg_type: parent.header.msg_type },
      content,
      channel: "shell",
    });
  }

  /** The messages sent of one type, optionally only those whose `content.data.method` matches. */
  sentOf(msgType: string, method?: string): SentMessage[] {
    return this.sent.filter((msg) => {
      if (msg.header.msg_type !== msgType) return false;
      if (method === undefined) return true;
      const data = msg.content.data as { method?: unknown } | undefined;
      return data?.method === method;
    });
  }
}
