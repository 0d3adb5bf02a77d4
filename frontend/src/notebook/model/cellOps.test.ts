import { YNotebook } from "@jupyter/ydoc";
import { describe, expect, it } from "vitest";
import { cellKind, sourceOf } from "./cells";
import {
  CellTrash,
  cellsToJSON,
  changeCellType,
  deleteCells,
  insertCell,
  insertCells,
  moveCell,
  pasteCells,
  undoDelete,
} from "./cellOps";

function notebookWith(...sources: string[]): { nb: YNotebook; ids: string[] } {
  const nb = new YNotebook();
  const ids = sources.map((s, i) => insertCell(nb, i, s.startsWith("#") ? "markdown" : "code", s));
  return { nb, ids };
}
const sources = (nb: YNotebook) => nb.cells.map(sourceOf);

describe("cell operations", () => {
  it("inserts cells of each kind at a position", () => {
    const { nb } = notebookWith("a = 1", "b = 2");
    const id = insertCell(nb, 1, "markdown", "# Title");
    expect(sources(nb)).toEqual(["a = 1", "# Title", "b = 2"]);
    expect(nb.cells[1]?.getId()).toBe(id);
    expect(cellKind(nb.cells[1]!)).toBe("markdown");
    insertCell(nb, 99, "code");
    expect(nb.cells).toHaveLength(4);
  });

  it("inserts a snippet's cells together, in order, as one undoable change", () => {
    const { nb } = notebookWith("a = 1", "b = 2");
    const ids = insertCells(nb, 1, [
      { kind: "markdown", source: "Mount your Drive:" },
      { kind: "code", source: "from google.colab import drive" },
    ]);
    expect(sources(nb)).toEqual(["a = 1", "Mount your Drive:", "from google.colab import drive", "b = 2"]);
    expect(ids).toEqual([nb.cells[1]?.getId(), nb.cells[2]?.getId()]);
    expect(nb.cells.slice(1, 3).map(cellKind)).toEqual(["markdown", "code"]);
  });

  it("moves cells up and down, keeping their ids, and not past the ends", () => {
    const { nb, ids } = notebookWith("a", "b", "c");
    expect(moveCell(nb, ids[2]!, -1)).toBe(true);
    expect(sources(nb)).toEqual(["a", "c", "b"]);
    expect(nb.cells[1]?.getId()).toBe(ids[2]);
    expect(moveCell(nb, ids[0]!, -1)).toBe(false);
    expect(moveCell(nb, ids[1]!, 1)).toBe(false);
  });

  it("deletes cells and undoes the delete in place", () => {
    const { nb, ids } = notebookWith("a", "b", "c", "d");
    const trash = new CellTrash();
    expect(deleteCells(nb, [ids[2]!, ids[1]!], trash)).toBe(1);
    expect(sources(nb)).toEqual(["a", "d"]);
    const restored = undoDelete(nb, trash);
    expect(sources(nb)).toEqual(["a", "b", "c", "d"]);
    expect(restored).toEqual([ids[1], ids[2]]);
    expect(undoDelete(nb, trash)).toEqual([]);
  });

  it("changes a cell's type keeping id and source, dropping outputs", () => {
    const { nb, ids } = notebookWith("print(1)");
    nb.cells[0]?.setMetadata({ collaboratory: { execution: { status: "done" }, runtime: "x" } } as never);
    expect(changeCellType(nb, ids[0]!, "markdown")).toBe(true);
    const cell = nb.cells[0]!;
    expect(cellKind(cell)).toBe("markdown");
    expect(cell.getId()).toBe(ids[0]);
    expect(sourceOf(cell)).toBe("print(1)");
    expect(cell.getMetadata()).toEqual({ collaboratory: { runtime: "x" } });
    expect(changeCellType(nb, ids[0]!, "markdown")).toBe(false);
    changeCellType(nb, ids[0]!, "code");
    expect(cellKind(nb.cells[0]!)).toBe("code");
  });

  it("copies and pastes cells with fresh ids", () => {
    const { nb, ids } = notebookWith("a", "b");
    const copied = cellsToJSON(nb, [ids[0]!]);
    const pasted = pasteCells(nb, 2, copied);
    expect(sources(nb)).toEqual(["a", "b", "a"]);
    expect(pasted[0]).not.toBe(ids[0]);
  });
});
