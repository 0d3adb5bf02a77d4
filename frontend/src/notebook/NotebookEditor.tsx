import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { AddCellBar } from "./cell/AddCellBar";
import { CellView } from "./cell/CellView";
import { cellKind } from "./model/cells";
import { useNotebookCells } from "./model/hooks";
import { hiddenCellIds, sectionSize, type SectionCell } from "./model/sections";
import type { CellHeading } from "./model/useHeadings";
import { useNotebookContext } from "./NotebookContext";

function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(".cm-editor, input, textarea, select, [contenteditable='true']") !== null;
}

/** Cells in the first paint; the rest follow in batches, each after the frame that shows the
 * last, so a big notebook shows its top at once instead of after rendering every cell. */
const FIRST_CELLS = 30;
const MORE_CELLS = 100;

/** Runs `run` in a task after the next frame has been rendered; returns a cancel function. */
function afterNextFrame(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (typeof requestAnimationFrame !== "function") {
    timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

function useProgressiveCount(total: number): number {
  const [count, setCount] = useState(FIRST_CELLS);
  useEffect(() => {
    if (count >= total) return;
    return afterNextFrame(() => setCount((n) => n + MORE_CELLS));
  }, [count, total]);
  return count;
}

/** The cells of the live notebook, with command-mode keyboard handling. */
export function NotebookEditor({ headings }: { headings: readonly CellHeading[] }) {
  const ctx = useNotebookContext();
  const { controller } = ctx;
  const cells = useNotebookCells(controller.model);
  const selection = useSyncExternalStore(controller.subscribe, controller.getSnapshot);

  const sectionCells: SectionCell[] = useMemo(() => {
    const levels = new Map<string, number>();
    for (const h of headings) if (!levels.has(h.cellId)) levels.set(h.cellId, h.level);
    return cells.map((cell) => ({ id: cell.getId(), headingLevel: cellKind(cell) === "markdown" ? (levels.get(cell.getId()) ?? null) : null }));
  }, [cells, headings]);
  const hidden = useMemo(() => hiddenCellIds(sectionCells, selection.collapsed), [sectionCells, selection.collapsed]);
  const shown = useProgressiveCount(cells.length);

  return (
    <div
      className="notebook-cells"
      role="list"
      aria-label="Notebook cells"
      onKeyDown={(event) => {
        if (event.defaultPrevented || isTypingTarget(event.target)) return;
        if (ctx.handleKey(event.nativeEvent, "command")) event.preventDefault();
      }}
    >
      {!ctx.readOnly && <AddCellBar afterId={null} controller={controller} />}
      {cells.length === 0 && (
        <p className="empty-notebook">{ctx.readOnly ? "This notebook has no cells." : "This notebook has no cells yet. Add one with “+ Code” or “+ Text”."}</p>
      )}
      {cells.map((cell, index) => {
        const id = cell.getId();
        if (hidden.has(id) || index >= shown) return null;
        const section = sectionCells[index];
        const collapsed = selection.collapsed.has(id) && section?.headingLevel != null;
        return (
          <CellView
            key={id}
            cell={cell}
            position={index + 1}
            active={selection.activeId === id}
            editing={selection.activeId === id && selection.mode === "edit"}
            isHeading={section?.headingLevel != null}
            hiddenBelow={collapsed ? sectionSize(sectionCells, id) : null}
          />
        );
      })}
    </div>
  );
}
