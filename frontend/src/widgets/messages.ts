import type { JupyterMessage } from "../live/protocol";
import { base64ToDataView } from "./base64";

/** A kernel message as widget code expects it: binary buffers decoded from the relay's base64. */
export interface DecodedMessage extends Omit<JupyterMessage, "buffers"> {
  buffers: DataView[];
}

export function decodeMessage(msg: JupyterMessage): DecodedMessage {
  return { ...msg, buffers: (msg.buffers ?? []).map(base64ToDataView) };
}

export function parentMsgId(msg: { parent_header: JupyterMessage["parent_header"] }): string | undefined {
  const id = msg.parent_header.msg_id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

export function newMsgId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

/** Output messages a kernel may send under an Output widget's msg_id. */
export const CAPTURED_OUTPUT_TYPES: ReadonlySet<string> = new Set([
  "stream",
  "display_data",
  "execute_result",
  "error",
  "clear_output",
  "update_display_data",
]);

/** An iopub `status: idle` for `parentId`, for when the relay does not forward the kernel's own. */
export function syntheticIdle(parentId: string): DecodedMessage {
  return {
    header: { msg_id: `idle-${parentId}`, msg_type: "status" },
    parent_header: { msg_id: parentId },
    metadata: {},
    content: { execution_state: "idle" },
    buffers: [],
    channel: "iopub",
  };
}
