import type { YNotebook } from "@jupyter/ydoc";
import type { ICell } from "@jupyterlab/nbformat";
import type { KernelActions } from "../../live/kernelActions";
import type { EditorMode } from "../commands/registry";
import { cellKind, indexOfCell, type CellKind } from "./cells";
import { CellTrash, cellsToJSON, changeCellType, deleteCells, insertCell, moveCell, pasteCells, undoDelete } from "./cellOps";

export interface EditorSelection {
  activeId: string | null;
  mode: EditorMode;
  collapsed: ReadonlySet<string>;
}

/** Something that can take the keyboard focus for a cell (its editor, or the cell itself). */
export interface FocusTarget {
  focusEditor(cellId: string): void;
  focusCell(cellId: string): void;
}

/**
 * The editor's state and its operations on the shared notebook: which cell is active, command or
 * edit mode, collapsed sections, the cell clipboard and undo delete. Commands call into this.
 */
export class NotebookController {
  private state: EditorSelection = { activeId: null, mode: "command", collapsed: new Set() };
  private readonly listeners = new Set<() => void>();
  private readonly trash = new CellTrash();
  private clipboard: ICell[] = [];
  focus: FocusTarget = { focusEditor: () => undefined, focusCell: () => undefined };
  onError: (message: string) => void = () => undefined;
  /** The code selected in a cell's editor, or null when it has none mounted (set by the page). */
  selectedCode: (cellId: string) => string | null = () => null;
  /** Called after the server accepted cells to run (the page refreshes its runtime then). */
  afterRun: () => void = () => undefined;

  constructor(
    readonly model: YNotebook,
    readonly actions: KernelActions,
  ) {}

  get selection(): EditorSelection {
    return this.state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): EditorSelection => this.state;

  private set(patch: Partial<EditorSelection>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private activeIndex(): number {
    return this.state.activeId ? indexOfCell(this.model, this.state.activeId) : -1;
  }

  private idAt(index: number): string | null {
    return this.model.cells[index]?.getId() ?? null;
  }

  select(id: string | null, mode: EditorMode = "command"): void {
    if (this.state.activeId === id && this.state.mode === mode) return;
    this.set({ activeId: id, mode });
    if (!id) return;
    if (mode === "edit") this.focus.focusEditor(id);
    else this.focus.focusCell(id);
  }

  enterEdit(): void {
    const id = this.state.activeId ?? this.idAt(0);
    if (id) this.select(id, "edit");
  }

  exitEdit(): void {
    if (this.state.activeId) this.select(this.state.activeId, "command");
  }

  selectRelative(delta: number): void {
    const next = this.idAt(Math.max(0, Math.min(this.model.cells.length - 1, this.activeIndex() + delta)));
    if (next) this.select(next, "command");
  }

  insert(kind: CellKind, where: "above" | "below" | "end", edit = true, source = ""): string {
    const index = this.activeIndex();
    const at = where === "end" || index < 0 ? this.model.cells.length : where === "above" ? index : index + 1;
    const id = insertCell(this.model, at, kind, source);
    this.select(id, edit ? "edit" : "command");
    return id;
  }

  /** Insert a cell right after `afterId` (the "+ Code" / "+ Text" bar between cells). */
  insertAfter(afterId: string | null, kind: CellKind): string {
    const index = afterId === null ? -1 : indexOfCell(this.model, afterId);
    const id = insertCell(this.model, index + 1, kind);
    this.select(id, "edit");
    return id;
  }

  deleteActive(): void {
    const id = this.state.activeId;
    if (!id) return;
    const index = deleteCells(this.model, [id], this.trash);
    const next = this.idAt(Math.min(index, this.model.cells.length - 1));
    this.set({ activeId: next, mode: "command" });
    if (next) this.focus.focusCell(next);
  }

  deleteCell(id: string): void {
    this.select(id, "command");
    this.deleteActive();
  }

  undoDeleteCells(): void {
    const restored = undoDelete(this.model, this.trash);
    if (restored[0]) this.select(restored[0], "command");
  }

  move(delta: -1 | 1, id: string | null = this.state.activeId): void {
    if (id && moveCell(this.model, id, delta)) this.select(id, "command");
  }

  changeType(kind: CellKind): void {
    const id = this.state.activeId;
    if (id && changeCellType(this.model, id, kind)) this.set({ mode: "command" });
  }

  copy(): void {
    if (!this.state.activeId) return;
    this.clipboard = cellsToJSON(this.model, [this.state.activeId]);
    this.set({}); // a new snapshot: Edit › Paste cell is enabled now
  }

  cut(): void {
    this.copy();
    this.deleteActive();
  }

  paste(): void {
    if (this.clipboard.length === 0) return;
    const ids = pasteCells(this.model, this.activeIndex() + 1, this.clipboard);
    if (ids[0]) this.select(ids[0], "command");
  }

  get canPaste(): boolean {
    return this.clipboard.length > 0;
  }

  toggleCollapsed(id: string): void {
    const collapsed = new Set(this.state.collapsed);
    if (collapsed.has(id)) collapsed.delete(id);
    else collapsed.add(id);
    this.set({ collapsed });
  }

  private codeIds(from: number, to: number): string[] {
    return this.model.cells
      .slice(from, to)
      .filter((cell) => cellKind(cell) === "code")
      .map((cell) => cell.getId());
  }

  /** A run the server accepted refreshes the page's runtime; a refusal is shown. */
  private submit(run: Promise<void>): void {
    run.then(() => this.afterRun()).catch((error: unknown) => this.onError(errorText(error)));
  }

  private runIds(ids: string[]): void {
    if (ids.length > 0) this.submit(this.actions.execute(ids));
  }

  /** Run the active cell (a text cell just leaves edit mode). */
  runActive(): void {
    const index = this.activeIndex();
    if (index < 0) return;
    this.runIds(this.codeIds(index, index + 1));
    if (this.state.mode === "edit" && cellKind(this.model.cells[index]!) !== "code") this.exitEdit();
  }

  /**
   * Runtime › Run selection: the code selected in the active code cell's editor (the cursor's
   * line when nothing is selected) runs, with its outputs in that cell; without an editor open in
   * it, the whole cell runs.
   */
  runSelection(): void {
    const index = this.activeIndex();
    const cell = this.model.cells[index];
    const code = cell && cellKind(cell) === "code" && this.state.mode === "edit" ? this.selectedCode(cell.getId()) : null;
    if (!cell || code === null) {
      this.runActive();
      return;
    }
    this.submit(this.actions.executeCode(cell.getId(), code));
  }

  /** Shift+Enter: run, then go to the next cell (a new code cell at the end, as in Colab). */
  runAndAdvance(): void {
    const index = this.activeIndex();
    if (index < 0) return;
    this.runActive();
    const next = this.idAt(index + 1);
    if (next) this.select(next, cellKind(this.model.cells[index + 1]!) === "code" ? "edit" : "command");
    else this.insert("code", "end");
  }

  /** Alt+Enter: run, then insert a code cell below. */
  runAndInsert(): void {
    this.runActive();
    this.insert("code", "below");
  }

  runCell(id: string): void {
    this.runIds([id]);
  }

  runAll(): void {
    this.submit(this.actions.executeAll());
  }

  runBefore(): void {
    this.runIds(this.codeIds(0, Math.max(0, this.activeIndex())));
  }

  runAfter(): void {
    const index = this.activeIndex();
    if (index >= 0) this.runIds(this.codeIds(index, this.model.cells.length));
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
