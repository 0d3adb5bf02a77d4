import type { NotebookController } from "../model/NotebookController";

/** "+ Code" / "+ Text" between cells, shown on hover (named apart from the top bar's buttons). */
export function AddCellBar({ afterId, controller }: { afterId: string | null; controller: NotebookController }) {
  const where = afterId === null ? "at the top" : "below";
  return (
    <div className="add-cell-bar">
      <button type="button" className="button small" aria-label={`Insert code cell ${where}`} onClick={() => controller.insertAfter(afterId, "code")}>
        + Code
      </button>
      <button type="button" className="button small" aria-label={`Insert text cell ${where}`} onClick={() => controller.insertAfter(afterId, "markdown")}>
        + Text
      </button>
    </div>
  );
}
