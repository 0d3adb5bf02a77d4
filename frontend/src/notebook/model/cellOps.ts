import type { YNotebook } from "@jupyter/ydoc";
import type { ICell } from "@jupyterlab/nbformat";
import type * as Y from "yjs";
import { cellKind, indexOfCell, type CellKind } from "./cells";
import { cellToY } from "./ycell";

type NewCell = Partial<ICell> & { cell_type: CellKind };

function blankCell(kind: CellKind, source: string): NewCell {
  if (kind === "code") return { cell_type: "code", source, metadata: {}, outputs: [], execution_count: null };
  return { cell_type: kind, source, metadata: {} };
}

function cellsArray(notebook: YNotebook): Y.Array<Y.Map<unknown>> {
  return notebook.ydoc.getArray<Y.Map<unknown>>("cells");
}

/** Insert cells as complete Y.Maps (the YNotebook builds its cell models from them); returns ids. */
function insertYCells(notebook: YNotebook, index: number, cells: NewCell[]): string[] {
  const ycells = cells.map(cellToY);
  cellsArray(notebook).insert(Math.max(0, Math.min(index, notebook.cells.length)), ycells);
  return ycells.map((y) => y.get("id") as string);
}

/** Insert several new cells at `index` in one change (a snippet's cells); returns their ids. */
export function insertCells(notebook: YNotebook, index: number, cells: readonly { kind: CellKind; source: string }[]): string[] {
  return insertYCells(
    notebook,
    index,
    cells.map((cell) => blankCell(cell.kind, cell.source)),
  );
}

/** Insert a new cell at `index`; returns its id. */
export function insertCell(notebook: YNotebook, index: number, kind: CellKind, source = ""): string {
  return insertYCells(notebook, index, [blankCell(kind, source)])[0] ?? "";
}

/** Move a cell one place up (-1) or down (+1); false when it cannot move. */
export function moveCell(notebook: YNotebook, id: string, delta: -1 | 1): boolean {
  const from = indexOfCell(notebook, id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= notebook.cells.length) return false;
  const [copy] = cellsToJSON(notebook, [id]);
  if (!copy) return false;
  notebook.transact(() => {
    cellsArray(notebook).delete(from, 1);
    insertYCells(notebook, to, [copy as NewCell]);
  });
  return true;
}

/** Plain copies of cells (for the clipboard and undo delete), outputs included. */
export function cellsToJSON(notebook: YNotebook, ids: string[]): ICell[] {
  return ids
    .map((id) => notebook.cells[indexOfCell(notebook, id)])
    .filter((cell) => cell !== undefined)
    .map((cell) => cell.toJSON() as ICell);
}

/** Deleted cells, newest last, so Ctrl+M Z can put them back where they were. */
export class CellTrash {
  private readonly entries: { index: number; cells: ICell[] }[] = [];
  constructor(private readonly limit = 50) {}
  push(index: number, cells: ICell[]): void {
    this.entries.push({ index, cells });
    if (this.entries.length > this.limit) this.entries.shift();
  }
  pop(): { index: number; cells: ICell[] } | undefined {
    return this.entries.pop();
  }
  get size(): number {
    return this.entries.length;
  }
}

/** Delete cells (kept in `trash` for undo); returns the index where the first one was. */
export function deleteCells(notebook: YNotebook, ids: string[], trash: CellTrash): number {
  const indexes = ids.map((id) => indexOfCell(notebook, id)).filter((i) => i >= 0).sort((a, b) => a - b);
  if (indexes.length === 0) return -1;
  const first = indexes[0] ?? 0;
  trash.push(first, cellsToJSON(notebook, indexes.map((i) => notebook.cells[i]?.getId() ?? "")));
  notebook.transact(() => {
    for (const index of [...indexes].reverse()) cellsArray(notebook).delete(index, 1);
  });
  return first;
}

/** Put the most recently deleted cells back; returns their ids (empty when nothing to undo). */
export function undoDelete(notebook: YNotebook, trash: CellTrash): string[] {
  const entry = trash.pop();
  if (!entry) return [];
  const taken = new Set(notebook.cells.map((c) => c.getId()));
  const cells = entry.cells.map((c) => (typeof c.id === "string" && taken.has(c.id) ? { ...c, id: undefined } : c));
  return insertYCells(notebook, entry.index, cells as NewCell[]);
}

/** Insert copies of cells (fresh ids) at `index`; returns the new ids. */
export function pasteCells(notebook: YNotebook, index: number, cells: ICell[]): string[] {
  return insertYCells(notebook, index, cells.map((c) => ({ ...c, id: undefined }) as NewCell));
}

function withoutExecutionState(metadata: Record<string, unknown>): Record<string, unknown> {
  const { collaboratory, ...rest } = metadata;
  if (!collaboratory || typeof collaboratory !== "object") return rest;
  const { execution: _dropped, ...ours } = collaboratory as Record<string, unknown>;
  return Object.keys(ours).length > 0 ? { ...rest, collaboratory: ours } : rest;
}

/** Turn a cell into another kind, keeping its id, source and metadata (outputs go). */
export function changeCellType(notebook: YNotebook, id: string, kind: CellKind): boolean {
  const index = indexOfCell(notebook, id);
  const cell = notebook.cells[index];
  if (!cell || cellKind(cell) === kind) return false;
  const replacement = {
    ...blankCell(kind, cell.getSource()),
    id,
    metadata: withoutExecutionState(cell.getMetadata()),
  } as NewCell;
  notebook.transact(() => {
    cellsArray(notebook).delete(index, 1);
    insertYCells(notebook, index, [replacement]);
  });
  return true;
}
