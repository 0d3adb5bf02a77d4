import type { ClientKernelMessage, JupyterMessage } from "../live/protocol";

/**
 * The notebook's kernel as the widget manager sees it: messages go to the kernel's shell through
 * the sync socket's relay, and comm (and captured output) messages come back.
 */
export interface KernelChannel {
  /** Send a comm message (or comm_info_request) to the kernel. */
  send(msg: ClientKernelMessage["msg"]): void;
  /** Subscribe to messages from the kernel; returns the unsubscribe function. */
  onMessage(listener: (msg: JupyterMessage) => void): () => void;
  /** Whether the socket is open now; sends while closed are dropped. */
  readonly connected: boolean;
}
