import type { YCellType } from "@jupyter/ydoc";
import { memo } from "react";
import { CellCommentMarker } from "../../comments/CellCommentMarker";
import { CellPresence } from "../../presence/CellPresence";
import { cellKind } from "../model/cells";
import { useNotebookContext } from "../NotebookContext";
import { AddCellBar } from "./AddCellBar";
import { CellToolbar } from "./CellToolbar";
import { CodeCellBody } from "./CodeCellBody";
import { TextCellBody } from "./TextCellBody";

interface Props {
  cell: YCellType;
  /** 1-based position, for the accessible name ("Code cell 3"). */
  position: number;
  active: boolean;
  editing: boolean;
  /** For a collapsed heading: how many cells it hides. */
  hiddenBelow: number | null;
  isHeading: boolean;
}

/** One cell: frame, selection, toolbar and the body for its kind. Re-renders only on its own changes. */
export const CellView = memo(function CellView({ cell, position, active, editing, hiddenBelow, isHeading }: Props) {
  const { controller, readOnly, awareness } = useNotebookContext();
  const kind = cellKind(cell);
  const id = cell.getId();
  const label = `${kind === "code" ? "Code" : kind === "markdown" ? "Text" : "Raw"} cell ${position}`;
  return (
    <>
      <section
        className={`cell cell-type-${kind}${active ? " active" : ""}${editing ? " editing" : ""}`}
        role="group"
        aria-label={label}
        data-cell-id={id}
        data-testid="cell"
        data-cell-type={kind}
        tabIndex={-1}
        onMouseDown={(event) => {
          if ((event.target as Element).closest(".cm-editor, input, textarea, button, a")) return;
          const now = controller.selection; // not the props: an inner handler may just have changed it
          if (!(now.activeId === id && now.mode === "edit")) controller.select(id, "command");
        }}
      >
        <CellPresence awareness={awareness} cellId={id} />
        <CellCommentMarker cellId={id} active={active} />
        {active && !readOnly && <CellToolbar cellId={id} controller={controller} isCode={kind === "code"} />}
        {isHeading && (
          <button
            type="button"
            className="section-toggle"
            aria-expanded={hiddenBelow === null}
            aria-label={hiddenBelow === null ? "Collapse section" : "Expand section"}
            onClick={(e) => {
              e.stopPropagation();
              controller.toggleCollapsed(id);
            }}
          >
            {hiddenBelow === null ? "▾" : "▸"}
          </button>
        )}
        {kind === "code" ? <CodeCellBody cell={cell} editing={editing} /> : <TextCellBody cell={cell} editing={editing} />}
        {hiddenBelow !== null && (
          <button type="button" className="section-hidden" onClick={() => controller.toggleCollapsed(id)}>
            {hiddenBelow} cell{hiddenBelow === 1 ? "" : "s"} hidden
          </button>
        )}
      </section>
      {!readOnly && <AddCellBar afterId={id} controller={controller} />}
    </>
  );
});
