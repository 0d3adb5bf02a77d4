import type { YCellType } from "@jupyter/ydoc";
import { useRef } from "react";
import { useYText } from "../model/hooks";
import { useNotebookContext } from "../NotebookContext";
import { useCellEditor } from "./cellEditorChunk";
import { useNearViewport } from "./visibility";

function Placeholder({ cell, onActivate }: { cell: YCellType; onActivate(point: { x: number; y: number }): void }) {
  const source = useYText(cell.ysource);
  return (
    <pre
      className="cell-placeholder"
      onMouseDown={(event) => {
        event.preventDefault(); // the editor about to mount takes the focus, not this <pre>
        onActivate({ x: event.clientX, y: event.clientY });
      }}
    >
      {source === "" ? " " : source}
    </pre>
  );
}

/**
 * A cell's editor once it is near the viewport (or active) and the editor's code has loaded; a
 * cheap <pre> of the same height before.
 */
export function LazyEditor({ cell, language, force }: { cell: YCellType; language: "python" | "markdown"; force: boolean }) {
  const { visibility, controller, editors } = useNotebookContext();
  const box = useRef<HTMLDivElement>(null);
  const near = useNearViewport(visibility, box);
  const CellEditor = useCellEditor();
  return (
    <div className="cell-editor-box" ref={box}>
      {CellEditor && (near || force) ? (
        <CellEditor cell={cell} language={language} />
      ) : (
        <Placeholder
          cell={cell}
          onActivate={(point) => {
            editors.focus(cell.getId(), point);
            controller.select(cell.getId(), "edit");
          }}
        />
      )}
    </div>
  );
}
