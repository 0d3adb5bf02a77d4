import { EditorSelection, EditorState } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { describe, expect, it, vi } from "vitest";
import { EditorRegistry } from "./editorRegistry";

const fakeView = () => ({ focus: vi.fn(), hasFocus: false }) as unknown as EditorView & { focus: ReturnType<typeof vi.fn> };

describe("EditorRegistry", () => {
  it("focuses a mounted editor at once", () => {
    const editors = new EditorRegistry();
    const view = fakeView();
    editors.register("a", view);
    editors.focus("a");
    expect(view.focus).toHaveBeenCalledOnce();
  });

  it("focuses an editor that mounts later, also when it mounts twice", () => {
    const editors = new EditorRegistry();
    editors.focus("b");
    const first = fakeView();
    const unregister = editors.register("b", first);
    unregister();
    const second = fakeView();
    editors.register("b", second);
    expect(second.focus).toHaveBeenCalledOnce();
    editors.focused("b");
    const third = fakeView();
    editors.register("b", third);
    expect(third.focus).not.toHaveBeenCalled();
  });

  it("hands the focus on when a focused editor is replaced", () => {
    const editors = new EditorRegistry();
    const first = { focus: vi.fn(), hasFocus: true } as unknown as EditorView;
    const unregister = editors.register("d", first);
    unregister();
    const second = fakeView();
    editors.register("d", second);
    expect(second.focus).toHaveBeenCalledOnce();
  });

  it("puts the cursor where the placeholder was clicked", () => {
    const editors = new EditorRegistry();
    editors.focus("e", { x: 10, y: 20 });
    editors.focus("e");
    const view = { ...fakeView(), posAtCoords: vi.fn(() => 7), dispatch: vi.fn() } as unknown as EditorView;
    editors.register("e", view);
    expect(view.posAtCoords).toHaveBeenCalledWith({ x: 10, y: 20 });
    expect(view.dispatch).toHaveBeenCalledWith({ selection: { anchor: 7 } });
  });

  it("forgets a pending focus when the focus goes elsewhere", () => {
    const editors = new EditorRegistry();
    editors.focus("c");
    editors.focused(null);
    const view = fakeView();
    editors.register("c", view);
    expect(view.focus).not.toHaveBeenCalled();
    expect(editors.get("c")).toBe(view);
  });

  it("gives the selected code of a cell's editor, or the cursor's line when nothing is selected", () => {
    const editors = new EditorRegistry();
    const doc = "x = 1\ny = 2\nprint(x + y)";
    const withSelection = (selection: EditorSelection) =>
      ({ state: EditorState.create({ doc, selection, extensions: EditorState.allowMultipleSelections.of(true) }) }) as EditorView;
    expect(editors.selectedCode("none")).toBeNull();
    editors.register("c", withSelection(EditorSelection.single(6, 11)));
    expect(editors.selectedCode("c")).toBe("y = 2");
    editors.register("c", withSelection(EditorSelection.create([EditorSelection.cursor(14)])));
    expect(editors.selectedCode("c")).toBe("print(x + y)");
    editors.register("c", withSelection(EditorSelection.create([EditorSelection.range(0, 5), EditorSelection.range(12, 24)])));
    expect(editors.selectedCode("c")).toBe("x = 1\nprint(x + y)");
  });
});
