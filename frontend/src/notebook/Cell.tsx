import type { Cell as CellModel, CodeCell as CodeCellModel } from "./nbformat";
import { joinText } from "./nbformat";
import { renderMarkdown } from "./markdown";
import { OutputArea } from "./outputs/OutputArea";

function executionLabel(count: number | null | undefined): string {
  return `[${typeof count === "number" ? count : " "}]`;
}

function CodeCell({ cell }: { cell: CodeCellModel }) {
  return (
    <>
      <div className="cell-input">
        <div className="cell-prompt" aria-label={`Execution count ${cell.execution_count ?? "none"}`}>
          {executionLabel(cell.execution_count)}
        </div>
        <pre className="cell-source code">
          <code>{joinText(cell.source)}</code>
        </pre>
      </div>
      <div className="cell-output-row">
        <div className="cell-prompt" aria-hidden="true" />
        <OutputArea outputs={Array.isArray(cell.outputs) ? cell.outputs : []} />
      </div>
    </>
  );
}

function MarkdownCell({ source }: { source: string }) {
  return <div className="cell-markdown markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

export function Cell({ cell, index }: { cell: CellModel; index: number }) {
  return (
    <section
      className={`cell cell-type-${cell.cell_type}`}
      data-testid="cell"
      data-cell-type={cell.cell_type}
      aria-label={`${cell.cell_type === "code" ? "Code" : cell.cell_type === "markdown" ? "Text" : "Raw"} cell ${index + 1}`}
    >
      {cell.cell_type === "code" ? (
        <CodeCell cell={cell} />
      ) : cell.cell_type === "markdown" ? (
        <MarkdownCell source={joinText(cell.source)} />
      ) : (
        <pre className="cell-source raw">{joinText(cell.source)}</pre>
      )}
    </section>
  );
}
