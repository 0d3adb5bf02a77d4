/**
 * JSON control messages on the notebook's sync socket (`WS /api/notebooks/{id}/sync`), sent as
 * text frames beside the binary y-protocols frames. The server answers each request carrying an
 * `id` with one `reply` of the same id.
 */

/** A Jupyter message as the relay carries it; buffers are base64. */
export interface JupyterMessage {
  header: { msg_id: string; msg_type: string; [key: string]: unknown };
  parent_header: { msg_id?: string; msg_type?: string; [key: string]: unknown } | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: string[];
  channel?: "iopub" | "shell";
}

/** What a browser may send to the notebook's kernel through the relay. */
export type RelayedMsgType = "comm_open" | "comm_msg" | "comm_close" | "comm_info_request";

export type ClientRequest =
  | { type: "execute"; id: string; cell_ids: string[]; code?: string }
  | { type: "execute"; id: string; all: true }
  | { type: "input_reply"; id: string; value: string }
  | { type: "complete"; id: string; code: string; cursor_pos: number }
  | { type: "inspect"; id: string; code: string; cursor_pos: number; detail_level: 0 | 1 }
  | { type: "interrupt"; id: string }
  | { type: "restart"; id: string };

/** A message for the kernel's shell channel; no `reply` frame, answers come as `kernel` frames. */
export interface ClientKernelMessage {
  type: "kernel";
  msg: {
    header: { msg_id: string; msg_type: RelayedMsgType };
    content: Record<string, unknown>;
    metadata?: Record<string, unknown>;
    buffers?: string[];
  };
}

export type ClientMessage = ClientRequest | ClientKernelMessage;

export interface ErrorBody {
  code: string;
  message: string;
}

export type Reply =
  | { type: "reply"; id: string; ok: true; result: unknown }
  | { type: "reply"; id: string; ok: false; error: ErrorBody };

/**
 * From the kernel: comm_open/comm_msg/comm_close (to every editor of the notebook), shell replies to
 * this connection's own kernel messages, and outputs captured by an Output widget.
 */
export interface ServerKernelMessage {
  type: "kernel";
  channel: "iopub" | "shell";
  msg: JupyterMessage;
}

/** A request the server could not even read (no usable id): reported once, nothing to match. */
export interface ServerError {
  type: "error";
  error: ErrorBody;
}

export type ServerMessage = Reply | ServerKernelMessage | ServerError;

export interface CompleteResult {
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata: Record<string, unknown>;
}

export interface InspectResult {
  found: boolean;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}
