import type { Notebook } from "./nbformat";
import { Cell } from "./Cell";

export function NotebookView({ notebook }: { notebook: Notebook }) {
  const cells = Array.isArray(notebook.cells) ? notebook.cells : [];
  if (cells.length === 0) {
    return <p className="empty-notebook">This notebook has no cells yet.</p>;
  }
  return (
    <div className="notebook-cells">
      {cells.map((cell, i) => (
        <Cell key={cell.id ?? i} cell={cell} index={i} />
      ))}
    </div>
  );
}
