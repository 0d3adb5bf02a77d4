import { currentCompletions } from "@codemirror/autocomplete";
import { searchPanelOpen } from "@codemirror/search";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import type { YCellType } from "@jupyter/ydoc";
import { memo, useEffect, useRef } from "react";
import * as Y from "yjs";
import { codeCellExtensions } from "../../editor/codeEditor";
import { markdownCellExtensions } from "../../editor/markdownEditor";
import { useNotebookContext } from "../NotebookContext";

/** Escape closes an open completion list first (CodeMirror's own binding), then leaves the editor. */
function completionOpen(view: EditorView): boolean {
  return currentCompletions(view.state).length > 0 && view.dom.querySelector(".cm-tooltip-autocomplete") !== null;
}

interface Props {
  cell: YCellType;
  language: "python" | "markdown";
}

/** The CodeMirror editor of one cell, bound to its Y.Text (remote cursors, per-cell undo). */
export const CellEditor = memo(function CellEditor({ cell, language }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const context = useNotebookContext();
  const contextRef = useRef(context);
  contextRef.current = context;

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const cellId = cell.getId();
    const ytext = cell.ysource;
    const undoManager = new Y.UndoManager(ytext);
    const binding = { ytext, awareness: contextRef.current.awareness, undoManager };
    const notebookKeys = Prec.highest([
      keymap.of([
        {
          any: (view, event) => {
            if (event.key === "Escape" && (completionOpen(view) || searchPanelOpen(view.state))) return false;
            if (!contextRef.current.handleKey(event, "edit")) return false;
            event.stopPropagation();
            return true;
          },
        },
      ]),
      EditorView.domEventHandlers({
        focus: () => {
          contextRef.current.editors.focused(cellId);
          contextRef.current.controller.select(cellId, "edit");
        },
      }),
    ]);
    const kernel = () => contextRef.current.kernel;
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: ytext.toString(),
        extensions: [
          notebookKeys,
          language === "python" ? codeCellExtensions(binding, kernel) : markdownCellExtensions(binding),
          EditorView.contentAttributes.of({ "aria-label": language === "python" ? "Code" : "Text" }),
          // A viewer's or commenter's editor: selectable and copyable, never changed by typing.
          contextRef.current.readOnly ? [EditorState.readOnly.of(true), EditorView.contentAttributes.of({ "aria-readonly": "true" })] : [],
        ],
      }),
    });
    const unregister = contextRef.current.editors.register(cellId, view);
    return () => {
      unregister();
      view.destroy();
      undoManager.destroy();
    };
  }, [cell, language]);

  return <div className="cell-editor" ref={host} />;
});
