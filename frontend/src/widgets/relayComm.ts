import type { ICallbacks, IClassicComm } from "@jupyter-widgets/base";
import type { RelayedMsgType } from "../live/protocol";
import type { DecodedMessage } from "./messages";

type Buffers = ArrayBuffer[] | ArrayBufferView[];
type JsonObject = Record<string, unknown>;

/** What a comm needs from its router: a way to send, and to be forgotten once closed. */
export interface CommSender {
  send(
    msgType: RelayedMsgType,
    content: JsonObject,
    options: { callbacks?: ICallbacks; metadata?: JsonObject; buffers?: Buffers },
  ): string;
  forgetComm(commId: string): void;
}

/** One Jupyter comm between this browser and the kernel, carried by the notebook's sync socket. */
export class RelayComm implements IClassicComm {
  private messageHandler: ((msg: DecodedMessage) => void) | null = null;
  private closeHandler: ((msg: DecodedMessage) => void) | null = null;
  private closed = false;
  /** Kernel messages that came before a handler was set (a model is still being created). */
  private early: DecodedMessage[] = [];
  private earlyClose: DecodedMessage | null = null;

  constructor(
    private readonly sender: CommSender,
    readonly comm_id: string,
    readonly target_name: string,
  ) {}

  open(data: unknown, callbacks?: ICallbacks, metadata?: JsonObject, buffers?: Buffers): string {
    const content = { comm_id: this.comm_id, target_name: this.target_name, data: data ?? {} };
    return this.sender.send("comm_open", content, { callbacks, metadata, buffers });
  }

  send(data: unknown, callbacks?: ICallbacks, metadata?: JsonObject, buffers?: Buffers): string {
    return this.sender.send("comm_msg", { comm_id: this.comm_id, data }, { callbacks, metadata, buffers });
  }

  /** Closes the kernel's side too, and (as @jupyterlab/services does) runs our own close handler. */
  close(data?: unknown, callbacks?: ICallbacks, metadata?: JsonObject, buffers?: Buffers): string {
    const content = { comm_id: this.comm_id, data: data ?? {} };
    const msgId = this.sender.send("comm_close", content, { callbacks, metadata, buffers });
    this.handleClose({
      header: { msg_id: msgId, msg_type: "comm_close" },
      parent_header: {},
      metadata: {},
      content,
      buffers: [],
    });
    return msgId;
  }

  on_msg(callback: (msg: DecodedMessage) => void): void {
    this.messageHandler = callback;
    const early = this.early;
    this.early = [];
    for (const msg of early) callback(msg);
  }

  on_close(callback: (msg: DecodedMessage) => void): void {
    this.closeHandler = callback;
    if (this.earlyClose) callback(this.earlyClose);
    this.earlyClose = null;
  }

  /** A comm_msg from the kernel for this comm. */
  handleMessage(msg: DecodedMessage): void {
    if (this.closed) return;
    if (this.messageHandler) this.messageHandler(msg);
    else this.early.push(msg);
  }

  /** A comm_close from the kernel (or our own close). */
  handleClose(msg: DecodedMessage): void {
    if (this.closed) return;
    this.closed = true;
    this.sender.forgetComm(this.comm_id);
    if (this.closeHandler) this.closeHandler(msg);
    else this.earlyClose = msg;
  }
}
