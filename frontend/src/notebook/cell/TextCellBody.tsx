import type { YCellType } from "@jupyter/ydoc";
import { useMemo, useRef } from "react";
import { attachmentsOf } from "../model/cells";
import { useYText } from "../model/hooks";
import { useMarkdownRenderer } from "../markdownLoader";
import { useNotebookContext } from "../NotebookContext";
import { LazyEditor } from "./LazyEditor";
import { useNearViewport } from "./visibility";

/**
 * Rendered Markdown. Until the renderer's chunk has arrived, and for a cell not yet scrolled near
 * (rendering every text cell of a long notebook at once would hold up the page), its source as text.
 */
function Preview({ cell }: { cell: YCellType }) {
  const { controller, visibility } = useNotebookContext();
  const box = useRef<HTMLDivElement>(null);
  const near = useNearViewport(visibility, box, 0);
  const seen = useRef(false);
  if (near) seen.current = true; // once rendered, a cell keeps its Markdown when scrolled away
  const source = useYText(cell.ysource);
  const attachments = attachmentsOf(cell.ymodel);
  const renderer = useMarkdownRenderer();
  const ready = renderer && seen.current ? renderer : null;
  const html = useMemo(() => ready?.renderMarkdown(source, attachments), [ready, source, attachments]);
  const edit = () => controller.select(cell.getId(), "edit");
  if (html === undefined && source.trim() !== "") {
    return (
      <div className="cell-markdown markdown markdown-pending" ref={box} onDoubleClick={edit}>
        {source}
      </div>
    );
  }
  return (
    <div
      className="cell-markdown markdown"
      ref={box}
      onDoubleClick={edit}
      dangerouslySetInnerHTML={{ __html: source.trim() === "" ? '<p class="markdown-empty">Double-click (or Enter) to edit</p>' : (html ?? "") }}
    />
  );
}

/** A text cell: rendered Markdown; while editing, the Markdown editor above the live preview. */
export function TextCellBody({ cell, editing }: { cell: YCellType; editing: boolean }) {
  if (!editing) return <Preview cell={cell} />;
  return (
    <div className="text-cell-editing">
      <LazyEditor cell={cell} language="markdown" force />
      <Preview cell={cell} />
    </div>
  );
}
