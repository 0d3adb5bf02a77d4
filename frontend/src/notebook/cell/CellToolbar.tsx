import { useEffect, useRef, useState } from "react";
import { ArrowDownIcon, ArrowUpIcon, DeleteIcon, MoreIcon } from "./icons";
import type { NotebookController } from "../model/NotebookController";

interface Props {
  cellId: string;
  controller: NotebookController;
  isCode: boolean;
}

/** The active cell's tools: move up/down, delete, more (convert, cut/copy). */
export function CellToolbar({ cellId, controller, isCode }: Props) {
  const [moreOpen, setMoreOpen] = useState(false);
  const more = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!moreOpen) return;
    const close = (event: Event) => {
      if (!more.current?.contains(event.target as Node)) setMoreOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setMoreOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", onKey);
    };
  }, [moreOpen]);
  const act = (fn: () => void) => (event: React.MouseEvent) => {
    event.stopPropagation();
    setMoreOpen(false);
    fn();
  };
  return (
    <div className="cell-toolbar" role="toolbar" aria-label="Cell actions" onMouseDown={(e) => e.stopPropagation()}>
      <button type="button" className="icon-button small" aria-label="Move cell up" title="Move cell up" onClick={act(() => controller.move(-1, cellId))}>
        <ArrowUpIcon />
      </button>
      <button type="button" className="icon-button small" aria-label="Move cell down" title="Move cell down" onClick={act(() => controller.move(1, cellId))}>
        <ArrowDownIcon />
      </button>
      <button type="button" className="icon-button small" aria-label="Delete cell" title="Delete cell" onClick={act(() => controller.deleteCell(cellId))}>
        <DeleteIcon />
      </button>
      <div className="cell-more" ref={more}>
        <button
          type="button"
          className="icon-button small"
          aria-label="More cell actions"
          aria-haspopup="menu"
          aria-expanded={moreOpen}
          onClick={(e) => {
            e.stopPropagation();
            controller.select(cellId, "command");
            setMoreOpen(!moreOpen);
          }}
        >
          <MoreIcon />
        </button>
        {moreOpen && (
          <div className="cell-more-menu" role="menu">
            <button type="button" role="menuitem" onClick={act(() => controller.changeType(isCode ? "markdown" : "code"))}>
              {isCode ? "Convert to text" : "Convert to code"}
            </button>
            <button type="button" role="menuitem" onClick={act(() => controller.copy())}>
              Copy cell
            </button>
            <button type="button" role="menuitem" onClick={act(() => controller.cut())}>
              Cut cell
            </button>
            <button type="button" role="menuitem" onClick={act(() => controller.deleteCell(cellId))}>
              Delete cell
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
