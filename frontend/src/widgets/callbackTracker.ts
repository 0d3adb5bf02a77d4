import type { ICallbacks } from "@jupyter-widgets/base";
import { parentMsgId, syntheticIdle, type DecodedMessage } from "./messages";

type IopubCallback = NonNullable<NonNullable<ICallbacks["iopub"]>[string]>;
type ShellCallback = NonNullable<NonNullable<ICallbacks["shell"]>[string]>;

interface Pending {
  callbacks: ICallbacks;
  timer: ReturnType<typeof setTimeout>;
}

/** How long to wait after an echo of our own message before assuming the kernel is idle. */
const ECHO_SETTLE_MS = 30;

/**
 * Calls a comm message's callbacks as the kernel answers it. Widget models throttle their updates
 * until `iopub.status` reports `idle` for the previous one, so every tracked message is finished
 * with exactly one idle: the kernel's own `status` if the relay forwards it, else shortly after
 * the kernel's echo of the message, else after a fallback delay.
 */
export class CallbackTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly fallbackIdleMs = 1500) {}

  track(msgId: string, callbacks: ICallbacks | undefined): void {
    if (!callbacks || (!callbacks.iopub && !callbacks.shell)) return;
    const timer = setTimeout(() => this.finish(msgId, syntheticIdle(msgId)), this.fallbackIdleMs);
    this.pending.set(msgId, { callbacks, timer });
  }

  /** Routes a kernel message to the callbacks of the message it answers, if we track that one. */
  handle(msg: DecodedMessage): void {
    const parentId = parentMsgId(msg);
    const entry = parentId === undefined ? undefined : this.pending.get(parentId);
    if (parentId === undefined || entry === undefined) return;
    const type = msg.header.msg_type;
    if (msg.channel === "shell" || type.endsWith("_reply")) {
      callShell(entry.callbacks.shell?.reply, msg);
    } else if (type === "status") {
      if (msg.content.execution_state === "idle") this.finish(parentId, msg);
      else callIopub(entry.callbacks.iopub?.status, msg);
    } else if (type === "comm_msg") {
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => this.finish(parentId, syntheticIdle(parentId)), ECHO_SETTLE_MS);
    } else {
      callIopub(entry.callbacks.iopub?.[type] ?? entry.callbacks.iopub?.output, msg);
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  dispose(): void {
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private finish(msgId: string, idle: DecodedMessage): void {
    const entry = this.pending.get(msgId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(msgId);
    callIopub(entry.callbacks.iopub?.status, idle);
  }
}

function callIopub(callback: IopubCallback | undefined, msg: DecodedMessage): void {
  callback?.(msg as unknown as Parameters<IopubCallback>[0]);
}

function callShell(callback: ShellCallback | undefined, msg: DecodedMessage): void {
  callback?.(msg as unknown as Parameters<ShellCallback>[0]);
}
