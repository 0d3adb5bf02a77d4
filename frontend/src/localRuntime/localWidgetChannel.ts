import type { ClientKernelMessage, JupyterMessage } from "../live/protocol";
import { base64ToDataView, bufferToBase64 } from "../widgets/base64";
import type { KernelChannel } from "../widgets/channel";
import type { KernelMessage, LocalKernel } from "./jupyterClient";
import type { OutputCaptures } from "./outputCaptures";

const COMM_TYPES: ReadonlySet<string> = new Set(["comm_open", "comm_msg", "comm_close"]);
const OUTPUT_TYPES: ReadonlySet<string> = new Set(["stream", "display_data", "update_display_data", "execute_result", "error", "clear_output"]);
/** Requests whose answers we still route; the oldest are forgotten past this many. */
const MAX_ASKED = 1000;

/** What the channel needs of the local kernel. */
export type WidgetKernel = Pick<LocalKernel, "subscribe" | "send" | "connected" | "protocol">;

/**
 * The widget manager's KernelChannel to a local kernel, in place of the hosted relay: the same
 * traffic the server's relay forwards (every comm message, the answers to the manager's own
 * requests, the outputs an Output widget captures) straight from the kernel's websocket, and the
 * manager's comm messages to the kernel's shell over the same websocket.
 */
export class LocalWidgetChannel implements KernelChannel {
  private readonly listeners = new Set<(msg: JupyterMessage) => void>();
  private readonly asked = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly kernel: WidgetKernel,
    private readonly captures: OutputCaptures,
  ) {
    this.unsubscribe = kernel.subscribe((message) => this.receive(message));
  }

  get connected(): boolean {
    return this.kernel.connected;
  }

  send(msg: ClientKernelMessage["msg"]): void {
    if (!this.kernel.connected) return;
    let buffers = (msg.buffers ?? []).map(base64ToDataView);
    if (buffers.length > 0 && this.kernel.protocol === "http-over-ws") {
      // jupyter_http_over_ws forwards frames as text: binary would break the kernel's channels.
      console.warn("Widget buffers cannot travel over jupyter_http_over_ws; sent without them.");
      buffers = [];
    }
    this.remember(msg.header.msg_id);
    this.kernel.send("shell", msg.header.msg_type, msg.content, { msgId: msg.header.msg_id, metadata: msg.metadata, buffers });
  }

  onMessage(listener: (msg: JupyterMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
    this.asked.clear();
  }

  private remember(msgId: string): void {
    this.asked.add(msgId);
    if (this.asked.size > MAX_ASKED) this.asked.delete(this.asked.values().next().value as string);
  }

  private receive(message: KernelMessage): void {
    const type = message.header.msg_type;
    const parentId = message.parent_header.msg_id;
    const isComm = message.channel === "iopub" && COMM_TYPES.has(type);
    if (isComm) this.captures.observe(type, message.content);
    const answersUs = parentId !== undefined && this.asked.has(parentId);
    const captured = OUTPUT_TYPES.has(type) && this.captures.captured(parentId);
    if (!isComm && !answersUs && !captured) return;
    if (message.channel !== "iopub" && message.channel !== "shell") return;
    const relayed: JupyterMessage = {
      header: message.header,
      parent_header: message.parent_header,
      metadata: message.metadata,
      content: message.content,
      buffers: (message.buffers ?? []).map((buffer) => bufferToBase64(buffer)),
      channel: message.channel,
    };
    for (const listener of this.listeners) listener(relayed);
  }
}
