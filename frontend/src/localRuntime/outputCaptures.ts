const OUTPUT_MODEL = "OutputModel";

/**
 * Which runs' outputs Output widgets capture now, read from the kernel's comm traffic (as the
 * server's relay does for hosted runtimes): those outputs belong in the widget, not the cell.
 */
export class OutputCaptures {
  /** comm_id of an Output widget → the msg_id whose outputs it captures ("" for none). */
  private readonly widgets = new Map<string, string>();

  observe(msgType: string, content: Record<string, unknown>): void {
    const commId = String(content.comm_id ?? "");
    const data = content.data;
    const raw = typeof data === "object" && data !== null ? (data as Record<string, unknown>).state : undefined;
    const state = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : null;
    if (msgType === "comm_close") this.widgets.delete(commId);
    else if (msgType === "comm_open" && state?._model_name === OUTPUT_MODEL) this.widgets.set(commId, String(state.msg_id ?? ""));
    // An update of another trait leaves the capture as it is.
    else if (msgType === "comm_msg" && this.widgets.has(commId) && state && "msg_id" in state) this.widgets.set(commId, String(state.msg_id ?? ""));
  }

  captured(parentMsgId: string | undefined): boolean {
    if (!parentMsgId) return false;
    for (const msgId of this.widgets.values()) if (msgId === parentMsgId) return true;
    return false;
  }

  /** The kernel restarted: its widgets are gone. */
  clear(): void {
    this.widgets.clear();
  }
}
