import type { DecodedMessage } from "./messages";

/** An output in an Output widget's `outputs` state, in nbformat's shape (as JupyterLab syncs it). */
export type WidgetOutput =
  | { output_type: "stream"; name: string; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | {
      output_type: "execute_result";
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export interface CaptureState {
  outputs: WidgetOutput[];
  /** A `clear_output(wait=True)` waits for the next output before clearing. */
  clearPending: boolean;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

function outputFromMessage(msg: DecodedMessage): WidgetOutput | null {
  const content = msg.content;
  switch (msg.header.msg_type) {
    case "stream":
      return { output_type: "stream", name: String(content.name ?? "stdout"), text: String(content.text ?? "") };
    case "display_data":
      return { output_type: "display_data", data: asRecord(content.data), metadata: asRecord(content.metadata) };
    case "execute_result":
      return {
        output_type: "execute_result",
        data: asRecord(content.data),
        metadata: asRecord(content.metadata),
        execution_count: typeof content.execution_count === "number" ? content.execution_count : null,
      };
    case "error":
      return {
        output_type: "error",
        ename: String(content.ename ?? ""),
        evalue: String(content.evalue ?? ""),
        traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [],
      };
    default:
      return null;
  }
}

/** The Output widget's state after one captured iopub message; `null` if the message changes nothing. */
export function applyCapturedMessage(state: CaptureState, msg: DecodedMessage): CaptureState | null {
  if (msg.header.msg_type === "clear_output") {
    if (msg.content.wait === true) return { outputs: state.outputs, clearPending: true };
    return { outputs: [], clearPending: false };
  }
  const output = outputFromMessage(msg);
  if (output === null) return null;
  const previous = state.clearPending ? [] : state.outputs;
  const last = previous[previous.length - 1];
  if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
    const merged: WidgetOutput = { ...last, text: last.text + output.text };
    return { outputs: [...previous.slice(0, -1), merged], clearPending: false };
  }
  return { outputs: [...previous, output], clearPending: false };
}
