import { useMarkdownRenderer } from "../notebook/markdownLoader";
import { joinText, type Notebook } from "../notebook/nbformat";

/** A revision's cells, read-only: code as text, Markdown rendered (sanitized), no outputs. */
export function RevisionPreview({ notebook }: { notebook: Notebook }) {
  const renderer = useMarkdownRenderer();
  if (notebook.cells.length === 0) return <p className="chrome-empty">This revision has no cells.</p>;
  return (
    <div className="chrome-revision-cells">
      {notebook.cells.map((cell, index) => {
        const source = joinText(cell.source);
        const key = cell.id ?? String(index);
        if (cell.cell_type === "markdown" && renderer) {
          return (
            <div key={key} className="chrome-revision-cell markdown" dangerouslySetInnerHTML={{ __html: renderer.renderMarkdown(source) }} />
          );
        }
        return (
          <pre key={key} className={`chrome-revision-cell ${cell.cell_type}`}>
            {source}
          </pre>
        );
      })}
    </div>
  );
}
