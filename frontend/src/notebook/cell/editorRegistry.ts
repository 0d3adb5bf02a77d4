import type { EditorView } from "@codemirror/view";

/**
 * The mounted cell editors by cell id, so commands can focus a cell's editor, including one that
 * mounts a moment later (a new cell, one scrolled into view, or one mounted again).
 */
export class EditorRegistry {
  private readonly views = new Map<string, EditorView>();
  private pendingFocus: string | null = null;
  /** Where the user clicked the cell's placeholder: the cursor goes there once the editor is up. */
  private pendingPoint: { x: number; y: number } | null = null;

  register(cellId: string, view: EditorView): () => void {
    this.views.set(cellId, view);
    if (this.pendingFocus === cellId) {
      view.focus();
      const point = this.pendingPoint;
      this.pendingPoint = null;
      const pos = point ? view.posAtCoords(point) : null;
      if (pos !== null) view.dispatch({ selection: { anchor: pos } });
    }
    return () => {
      if (this.views.get(cellId) === view) this.views.delete(cellId);
      // An editor that goes while focused (mounted again, say): its successor takes the focus.
      if (view.hasFocus) this.pendingFocus = cellId;
    };
  }

  get(cellId: string): EditorView | undefined {
    return this.views.get(cellId);
  }

  /**
   * The code selected in the cell's editor (several ranges: one per line), or the cursor's line
   * when nothing is selected; null when the cell has no editor mounted.
   */
  selectedCode(cellId: string): string | null {
    const state = this.views.get(cellId)?.state;
    if (!state) return null;
    const selected = state.selection.ranges.filter((range) => !range.empty);
    if (selected.length === 0) return state.doc.lineAt(state.selection.main.head).text;
    return selected.map((range) => state.sliceDoc(range.from, range.to)).join("\n");
  }

  /** Focus the cell's editor now, or as soon as it mounts (with the cursor at `point`, if given). */
  focus(cellId: string, point?: { x: number; y: number }): void {
    // A later plain request for the same cell keeps the point.
    this.pendingPoint = point ?? (this.pendingFocus === cellId ? this.pendingPoint : null);
    this.pendingFocus = cellId;
    const view = this.views.get(cellId);
    if (view && !view.hasFocus) view.focus();
  }

  /** The editor of `cellId` has the focus (or the focus went elsewhere on purpose: null). */
  focused(cellId: string | null): void {
    if (cellId === null || this.pendingFocus === cellId) this.pendingFocus = null;
  }
}
