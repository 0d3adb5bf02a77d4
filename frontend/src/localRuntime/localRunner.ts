import type { YNotebook } from "@jupyter/ydoc";
import * as Y from "yjs";
import type { KernelActions } from "../live/kernelActions";
import type { CompleteResult, InspectResult } from "../live/protocol";
import { cellKind, indexOfCell } from "../notebook/model/cells";
import type { KernelMessage, LocalKernel } from "./jupyterClient";
import { OutputCaptures } from "./outputCaptures";

/** What the runner needs of the local kernel. */
export type RunnerKernel = Pick<LocalKernel, "subscribe" | "send" | "request" | "interrupt" | "restart">;

/** The transaction origin of what this runner writes (per-cell undo managers ignore it). */
export const LOCAL_RUN_ORIGIN = "collaboratory.local-runtime";

const now = () => new Date().toISOString();

function cellMap(model: YNotebook, id: string): Y.Map<unknown> | null {
  const index = indexOfCell(model, id);
  const cell = index >= 0 ? model.cells[index] : undefined;
  return cell && cellKind(cell) === "code" ? cell.ymodel : null;
}

/** `metadata.collaboratory.execution`, as the server's cell_state.py writes it for hosted runs. */
function writeState(ycell: Y.Map<unknown>, patch: Record<string, unknown> | null): void {
  const metadata = ycell.get("metadata");
  if (!(metadata instanceof Y.Map)) return;
  const raw: unknown = metadata.get("collaboratory");
  const ours = raw instanceof Y.Map ? (raw.toJSON() as Record<string, unknown>) : { ...((raw as Record<string, unknown> | undefined) ?? {}) };
  const before = (ours.execution as Record<string, unknown> | undefined) ?? {};
  const next: Record<string, unknown> | null = patch === null ? null : { ...before, ...patch };
  if (next && next.input === null) delete next.input;
  if (next === null) delete ours.execution;
  else ours.execution = next;
  metadata.set("collaboratory", ours);
  if (patch && "status" in patch) ycell.set("execution_state", patch.status === "running" ? "running" : "idle");
}

function outputsOf(ycell: Y.Map<unknown>): Y.Array<Y.Map<unknown>> {
  const found = ycell.get("outputs");
  if (found instanceof Y.Array) return found as Y.Array<Y.Map<unknown>>;
  const fresh = new Y.Array<Y.Map<unknown>>();
  ycell.set("outputs", fresh);
  return fresh;
}

/** Applies one iopub message of a cell's run to its outputs, as JupyterLab's output area does. */
export function applyOutput(ycell: Y.Map<unknown>, message: KernelMessage, pending: { clearOnNext: boolean }): void {
  const type = message.header.msg_type;
  const content = message.content;
  if (type === "execute_input") {
    ycell.set("execution_count", typeof content.execution_count === "number" ? content.execution_count : null);
    return;
  }
  if (type === "clear_output") {
    if (content.wait === true) pending.clearOnNext = true;
    else outputsOf(ycell).delete(0, outputsOf(ycell).length);
    return;
  }
  if (!["stream", "execute_result", "display_data", "error"].includes(type)) return;
  const outputs = outputsOf(ycell);
  if (pending.clearOnNext) {
    outputs.delete(0, outputs.length);
    pending.clearOnNext = false;
  }
  if (type === "stream") {
    const name = String(content.name);
    const text = String(content.text ?? "");
    const last = outputs.length > 0 ? outputs.get(outputs.length - 1) : null;
    const lastText = last instanceof Y.Map && last.get("output_type") === "stream" && last.get("name") === name ? last.get("text") : null;
    if (lastText instanceof Y.Text) lastText.insert(lastText.length, text);
    else outputs.push([new Y.Map<unknown>([["output_type", "stream"], ["name", name], ["text", new Y.Text(text)]])]);
    return;
  }
  const entries: [string, unknown][] = [["output_type", type]];
  if (type === "error") entries.push(["ename", content.ename], ["evalue", content.evalue], ["traceback", content.traceback]);
  else {
    entries.push(["data", content.data ?? {}], ["metadata", content.metadata ?? {}]);
    if (type === "execute_result") {
      entries.push(["execution_count", content.execution_count ?? null]);
      ycell.set("execution_count", typeof content.execution_count === "number" ? content.execution_count : null);
    }
  }
  outputs.push([new Y.Map<unknown>(entries)]);
}

/**
 * Runs the notebook's cells on a local kernel, one after another, and writes their outputs and
 * states into the shared document from this browser: the server stores them and co-editors see
 * them. When this tab closes, the runs' outputs stop arriving.
 */
export class LocalRunner implements KernelActions {
  private queue: string[] = [];
  private running: string | null = null;
  private inputPending = false;

  constructor(
    private readonly model: YNotebook,
    private readonly kernel: RunnerKernel,
    private readonly by: string,
    /** Outputs an Output widget captures go to the widget (LocalWidgetChannel), not the cell. */
    private readonly captures: OutputCaptures = new OutputCaptures(),
  ) {}

  private edit(id: string, change: (ycell: Y.Map<unknown>) => void): void {
    this.model.ydoc.transact(() => {
      const ycell = cellMap(this.model, id);
      if (ycell) change(ycell);
    }, LOCAL_RUN_ORIGIN);
  }

  async execute(cellIds: string[]): Promise<void> {
    for (const id of cellIds) {
      if (this.queue.includes(id) || this.running === id) continue;
      this.edit(id, (ycell) => writeState(ycell, { status: "queued", queued_at: now(), started_at: null, ended_at: null, by: this.by }));
      this.queue.push(id);
    }
    void this.drain();
  }

  executeAll(): Promise<void> {
    return this.execute(this.model.cells.filter((cell) => cellKind(cell) === "code").map((cell) => cell.getId()));
  }

  async executeCode(cellId: string, code: string): Promise<void> {
    if (this.running || this.queue.length > 0) throw new Error("Wait for the running cells to finish, then run the selection.");
    this.running = cellId;
    await this.runOne(cellId, code).finally(() => {
      this.running = null;
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    while (this.queue.length > 0) {
      const id = this.queue.shift()!;
      this.running = id;
      const source = cellMap(this.model, id)?.get("source");
      const ok = await this.runOne(id, source instanceof Y.Text ? source.toString() : "");
      this.running = null;
      if (!ok) this.dropQueue();
    }
  }

  private dropQueue(): void {
    for (const id of this.queue.splice(0)) this.edit(id, (ycell) => writeState(ycell, null));
  }

  /** One cell's run; resolves true when it ended without an error. */
  private runOne(id: string, code: string): Promise<boolean> {
    this.edit(id, (ycell) => {
      outputsOf(ycell).delete(0, outputsOf(ycell).length);
      ycell.set("execution_count", null);
      writeState(ycell, { status: "running", started_at: now(), ended_at: null, by: this.by });
    });
    return new Promise((resolve) => {
      let msgId = "";
      let failed = false;
      let replied = false;
      let idle = false;
      const pending = { clearOnNext: false };
      const finish = () => {
        if (!replied || !idle) return;
        unsubscribe();
        this.abort = () => undefined;
        this.inputPending = false;
        this.edit(id, (ycell) => writeState(ycell, { status: failed ? "error" : "done", ended_at: now(), input: null }));
        resolve(!failed);
      };
      const unsubscribe = this.kernel.subscribe((message) => {
        if (message.parent_header.msg_id !== msgId) return;
        if (message.channel === "iopub") {
          if (message.header.msg_type === "status") {
            idle = message.content.execution_state === "idle";
            finish();
          } else if (!this.captures.captured(msgId)) this.edit(id, (ycell) => applyOutput(ycell, message, pending));
        } else if (message.channel === "shell" && message.header.msg_type === "execute_reply") {
          failed = message.content.status !== "ok";
          replied = true;
          finish();
        } else if (message.channel === "stdin" && message.header.msg_type === "input_request") {
          this.inputPending = true;
          const input = { prompt: String(message.content.prompt ?? ""), password: message.content.password === true };
          this.edit(id, (ycell) => writeState(ycell, { input }));
        }
      });
      this.abort = () => {
        unsubscribe();
        this.abort = () => undefined;
        this.inputPending = false;
        this.edit(id, (ycell) => writeState(ycell, { status: "error", ended_at: now(), input: null }));
        resolve(false);
      };
      msgId = this.kernel.send("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true });
    });
  }

  /** Ends the running cell's wait without a reply (restart, lost connection). */
  private abort: () => void = () => undefined;

  async inputReply(value: string): Promise<void> {
    if (!this.inputPending || !this.running) throw new Error("The kernel is not waiting for input.");
    this.inputPending = false;
    const id = this.running;
    this.edit(id, (ycell) => writeState(ycell, { input: null }));
    this.kernel.send("stdin", "input_reply", { value });
  }

  async complete(code: string, cursorPos: number): Promise<CompleteResult> {
    const reply = await this.kernel.request("complete_request", { code, cursor_pos: cursorPos });
    const c = reply.content;
    return { matches: (c.matches as string[]) ?? [], cursor_start: Number(c.cursor_start ?? cursorPos), cursor_end: Number(c.cursor_end ?? cursorPos), metadata: (c.metadata as Record<string, unknown>) ?? {} };
  }

  async inspect(code: string, cursorPos: number, detailLevel: 0 | 1): Promise<InspectResult> {
    const reply = await this.kernel.request("inspect_request", { code, cursor_pos: cursorPos, detail_level: detailLevel });
    const c = reply.content;
    return { found: c.found === true, data: (c.data as Record<string, unknown>) ?? {}, metadata: (c.metadata as Record<string, unknown>) ?? {} };
  }

  async interrupt(): Promise<void> {
    await this.kernel.interrupt();
  }

  async restart(): Promise<void> {
    this.dropQueue();
    await this.kernel.restart();
    this.captures.clear();
    this.abort();
  }

  /** The connection is gone (or the person went back to a hosted runtime): nothing more will come. */
  stop(): void {
    this.dropQueue();
    this.abort();
  }
}
