import { lazyModule, type LazyState } from "../ui/lazyModule";

/**
 * The editor (CodeMirror, yjs…) is its own chunk. It is held here rather than behind React.lazy:
 * a lazy component suspends on its first render even when its code has already arrived, and
 * React then holds the page back for its fallback throttle (300 ms) before showing the editor.
 */
export type EditorChunk = typeof import("../notebook/NotebookPage");

const editor = lazyModule(() => import("../notebook/NotebookPage"), "The editor");

export const loadEditorChunk = editor.load;

/** Whether the chunk has arrived (the page then opens its own requests). */
export function editorChunkLoaded(): boolean {
  return editor.current() !== null;
}

/** The editor's chunk once it has arrived; while `wanted`, asks for it. */
export function useEditorChunk(wanted: boolean): LazyState<EditorChunk> {
  return editor.use(wanted);
}
