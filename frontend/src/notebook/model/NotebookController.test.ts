import { YNotebook } from "@jupyter/ydoc";
import { describe, expect, it, vi } from "vitest";
import type { KernelActions } from "../../live/kernelActions";
import { cellKind, sourceOf } from "./cells";
import { insertCell } from "./cellOps";
import { NotebookController } from "./NotebookController";

function setup(...sources: string[]) {
  const model = YNotebook.create();
  const ids = sources.map((s, i) => insertCell(model, i, s.startsWith("#") ? "markdown" : "code", s));
  const actions = {
    execute: vi.fn(() => Promise.resolve()),
    executeAll: vi.fn(() => Promise.resolve()),
    executeCode: vi.fn(() => Promise.resolve()),
  } as unknown as KernelActions;
  const nb = new NotebookController(model, actions);
  const focus = { focusEditor: vi.fn(), focusCell: vi.fn() };
  nb.focus = focus;
  return { model, ids, actions, nb, focus };
}

describe("NotebookController", () => {
  it("Shift+Enter runs the cell and moves on, adding a code cell after the last one", () => {
    const { model, ids, actions, nb } = setup("a = 1", "b = 2");
    nb.select(ids[0]!, "edit");
    nb.runAndAdvance();
    expect(actions.execute).toHaveBeenLastCalledWith([ids[0]]);
    expect(nb.selection).toMatchObject({ activeId: ids[1], mode: "edit" });
    nb.runAndAdvance();
    expect(model.cells).toHaveLength(3);
    expect(nb.selection.activeId).toBe(model.cells[2]?.getId());
    expect(cellKind(model.cells[2]!)).toBe("code");
  });

  it("runs a text cell by leaving its editor, without asking the kernel", () => {
    const { ids, actions, nb } = setup("# Title", "x = 1");
    nb.select(ids[0]!, "edit");
    nb.runActive();
    expect(actions.execute).not.toHaveBeenCalled();
    expect(nb.selection).toMatchObject({ activeId: ids[0], mode: "command" });
  });

  it("runs the code cells before, and from, the active one", () => {
    const { ids, actions, nb } = setup("a", "# T", "b", "c");
    nb.select(ids[2]!);
    nb.runBefore();
    expect(actions.execute).toHaveBeenLastCalledWith([ids[0]]);
    nb.runAfter();
    expect(actions.execute).toHaveBeenLastCalledWith([ids[2], ids[3]]);
    nb.runAll();
    expect(actions.executeAll).toHaveBeenCalled();
  });

  it("Run selection runs the selected code of the cell being edited, else the whole cell", () => {
    const { ids, actions, nb } = setup("a = 1\nprint(a)", "# T");
    nb.selectedCode = (id) => (id === ids[0] ? "print(a)" : null);
    nb.select(ids[0]!, "edit");
    nb.runSelection();
    expect(actions.executeCode).toHaveBeenLastCalledWith(ids[0], "print(a)");
    expect(actions.execute).not.toHaveBeenCalled();
    nb.select(ids[0]!, "command"); // no editor open: the cell
    nb.runSelection();
    expect(actions.execute).toHaveBeenLastCalledWith([ids[0]]);
    nb.select(ids[1]!, "edit"); // a text cell just leaves its editor
    nb.runSelection();
    expect(actions.executeCode).toHaveBeenCalledTimes(1);
    expect(nb.selection).toMatchObject({ activeId: ids[1], mode: "command" });
  });

  it("reports a failed run", async () => {
    const { ids, actions, nb } = setup("a");
    vi.mocked(actions.execute).mockRejectedValueOnce(new Error("No runtime available."));
    const errors: string[] = [];
    nb.onError = (m) => errors.push(m);
    nb.runCell(ids[0]!);
    await vi.waitFor(() => expect(errors).toEqual(["No runtime available."]));
  });

  it("focuses the editor in edit mode and the cell in command mode", () => {
    const { ids, nb, focus } = setup("a");
    nb.select(ids[0]!, "edit");
    expect(focus.focusEditor).toHaveBeenCalledWith(ids[0]);
    nb.exitEdit();
    expect(focus.focusCell).toHaveBeenCalledWith(ids[0]);
  });

  it("cuts and pastes a cell below the active one", () => {
    const { model, ids, nb } = setup("a", "b", "c");
    nb.select(ids[0]!);
    nb.cut();
    expect(model.cells.map(sourceOf)).toEqual(["b", "c"]);
    expect(nb.selection.activeId).toBe(ids[1]);
    nb.paste();
    expect(model.cells.map(sourceOf)).toEqual(["b", "a", "c"]);
  });

  it("deleting the last cell selects the one before it; undo brings it back", () => {
    const { model, ids, nb } = setup("a", "b");
    nb.select(ids[1]!);
    nb.deleteActive();
    expect(nb.selection.activeId).toBe(ids[0]);
    nb.undoDeleteCells();
    expect(model.cells.map(sourceOf)).toEqual(["a", "b"]);
    expect(nb.selection.activeId).toBe(ids[1]);
  });
});
