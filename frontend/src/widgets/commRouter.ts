import type { ICallbacks } from "@jupyter-widgets/base";
import type { JupyterMessage, RelayedMsgType } from "../live/protocol";
import { bufferToBase64 } from "./base64";
import { CallbackTracker } from "./callbackTracker";
import type { KernelChannel } from "./channel";
import { CAPTURED_OUTPUT_TYPES, decodeMessage, newMsgId, parentMsgId, type DecodedMessage } from "./messages";
import { RelayComm, type CommSender } from "./relayComm";

export const WIDGET_TARGET = "jupyter.widget";
const MAX_HELD_MESSAGES = 5000;

type JsonObject = Record<string, unknown>;
type CommOpenHandler = (comm: RelayComm, msg: DecodedMessage) => void;

interface ReplyWaiter {
  resolve(reply: DecodedMessage): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Dispatches the kernel's comm traffic on a KernelChannel to comms, comm targets, reply waiters and
 * Output widgets. Until `release()` (the widget code is loaded) it holds back the kernel's widget
 * comm_opens, the messages for those comms and captured outputs, and drops everything else.
 */
export class CommRouter implements CommSender {
  readonly callbacks = new CallbackTracker();
  private readonly comms = new Map<string, RelayComm>();
  private readonly targets = new Map<string, CommOpenHandler>();
  private readonly replyWaiters = new Map<string, ReplyWaiter>();
  private readonly outputListeners = new Set<(msg: DecodedMessage) => void>();
  private readonly widgetOpenListeners = new Set<() => void>();
  /** holding: before release; draining: replaying held messages; live: dispatching as they come. */
  private state: "holding" | "draining" | "live" = "holding";
  private held: DecodedMessage[] = [];
  private readonly heldCommIds = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly channel: KernelChannel) {
    this.unsubscribe = channel.onMessage((msg) => this.receive(msg));
  }

  get connected(): boolean {
    return this.channel.connected;
  }

  send(
    msgType: RelayedMsgType,
    content: JsonObject,
    options: { callbacks?: ICallbacks; metadata?: JsonObject; buffers?: ArrayBuffer[] | ArrayBufferView[] } = {},
  ): string {
    const msgId = newMsgId();
    this.callbacks.track(msgId, options.callbacks);
    const buffers = (options.buffers ?? []).map((buffer) => bufferToBase64(buffer));
    this.channel.send({
      header: { msg_id: msgId, msg_type: msgType },
      content,
      metadata: options.metadata ?? {},
      buffers,
    });
    return msgId;
  }

  /** Sends a shell request and resolves with the kernel's reply to it. */
  request(msgType: RelayedMsgType, content: JsonObject, timeoutMs: number): Promise<DecodedMessage> {
    if (!this.channel.connected) return Promise.reject(new Error("The notebook's socket is not connected"));
    return new Promise((resolve, reject) => {
      const msgId = this.send(msgType, content);
      const timer = setTimeout(() => {
        this.replyWaiters.delete(msgId);
        reject(new Error(`No reply to ${msgType} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.replyWaiters.set(msgId, { resolve, reject, timer });
    });
  }

  createComm(targetName: string, commId: string): RelayComm {
    const comm = new RelayComm(this, commId, targetName);
    this.comms.set(commId, comm);
    return comm;
  }

  forgetComm(commId: string): void {
    this.comms.delete(commId);
  }

  registerTarget(targetName: string, handler: CommOpenHandler): void {
    this.targets.set(targetName, handler);
  }

  /** Messages whose parent is some Output widget's msg_id (the relay sends those captured outputs). */
  onCapturedOutput(listener: (msg: DecodedMessage) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /** Called (while held) when the kernel opens a widget comm: time to load the widget code. */
  onWidgetCommOpen(listener: () => void): () => void {
    this.widgetOpenListeners.add(listener);
    return () => this.widgetOpenListeners.delete(listener);
  }

  /**
   * Stops holding messages back: replays the held ones, in order and a task apart (so a model
   * created by a comm_open exists before its next message), then dispatches as messages come.
   */
  async release(): Promise<void> {
    if (this.state !== "holding") return;
    this.state = "draining";
    for (let msg = this.held.shift(); msg !== undefined; msg = this.held.shift()) {
      this.dispatch(msg);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    this.heldCommIds.clear();
    this.state = "live";
  }

  dispose(): void {
    this.unsubscribe();
    this.held.length = 0;
    this.callbacks.dispose();
    this.comms.clear();
    for (const waiter of this.replyWaiters.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("The widget manager was closed"));
    }
    this.replyWaiters.clear();
    this.outputListeners.clear();
    this.widgetOpenListeners.clear();
  }

  private receive(raw: JupyterMessage): void {
    const msg = decodeMessage(raw);
    const parentId = parentMsgId(msg);
    const waiter = parentId === undefined ? undefined : this.replyWaiters.get(parentId);
    if (parentId !== undefined && waiter && msg.header.msg_type.endsWith("_reply")) {
      this.replyWaiters.delete(parentId);
      clearTimeout(waiter.timer);
      waiter.resolve(msg);
      return;
    }
    this.callbacks.handle(msg);
    if (this.state === "live") this.dispatch(msg);
    else if (this.state === "draining") this.held.push(msg);
    else this.hold(msg);
  }

  private hold(msg: DecodedMessage): void {
    if (this.held.length >= MAX_HELD_MESSAGES) return;
    const commId = String(msg.content.comm_id ?? "");
    const type = msg.header.msg_type;
    if (type === "comm_open" && msg.content.target_name === WIDGET_TARGET) {
      this.held.push(msg);
      this.heldCommIds.add(commId);
      for (const listener of this.widgetOpenListeners) listener();
    } else if ((type === "comm_msg" || type === "comm_close") && this.heldCommIds.has(commId)) {
      this.held.push(msg);
    } else if (CAPTURED_OUTPUT_TYPES.has(type) && this.heldCommIds.size > 0) {
      this.held.push(msg);
    }
  }

  private dispatch(msg: DecodedMessage): void {
    const type = msg.header.msg_type;
    const commId = String(msg.content.comm_id ?? "");
    if (type === "comm_open") {
      const handler = this.targets.get(String(msg.content.target_name ?? ""));
      if (handler && !this.comms.has(commId)) {
        handler(this.createComm(String(msg.content.target_name), commId), msg);
      }
    } else if (type === "comm_msg") {
      this.comms.get(commId)?.handleMessage(msg);
    } else if (type === "comm_close") {
      this.comms.get(commId)?.handleClose(msg);
    } else if (CAPTURED_OUTPUT_TYPES.has(type)) {
      for (const listener of this.outputListeners) listener(msg);
    }
  }
}
