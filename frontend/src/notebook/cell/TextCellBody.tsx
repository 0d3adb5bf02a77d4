import type { YCellType } from "@jupyter/ydoc";
import { useMemo } from "react";
import { attachmentsOf } from "../model/cells";
import { useYText } from "../model/hooks";
import { renderMarkdown } from "../markdown";
import { useNotebookContext } from "../NotebookContext";
import { LazyEditor } from "./LazyEditor";

function Preview({ cell }: { cell: YCellType }) {
  const { controller } = useNotebookContext();
  const source = useYText(cell.ysource);
  const attachments = attachmentsOf(cell.ymodel);
  const html = useMemo(() => renderMarkdown(source, attachments), [source, attachments]);
  return (
    <div
      className="cell-markdown markdown"
      onDoubleClick={() => controller.select(cell.getId(), "edit")}
      dangerouslySetInnerHTML={{ __html: source.trim() === "" ? '<p class="markdown-empty">Double-click (or Enter) to edit</p>' : html }}
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
