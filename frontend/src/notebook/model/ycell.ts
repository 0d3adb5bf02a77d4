import type { ICell } from "@jupyterlab/nbformat";
import * as Y from "yjs";
import { joinText } from "../nbformat";

/** A fresh nbformat cell id (crypto.randomUUID needs a secure context; this does not). */
export function newCellId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function outputToY(output: Record<string, unknown>): Y.Map<unknown> {
  const entries = Object.entries(output).map(([key, value]): [string, unknown] =>
    output.output_type === "stream" && key === "text" ? [key, new Y.Text(joinText(value))] : [key, value],
  );
  return new Y.Map<unknown>(entries);
}

/**
 * A cell as the shared document stores it (jupyter_ydoc's schema): a Y.Map with id, cell_type,
 * source (Y.Text), metadata (Y.Map), and for code cells outputs (Y.Array of Y.Map),
 * execution_count and execution_state. Built complete before it joins the document.
 */
export function cellToY(cell: Partial<ICell> & { cell_type: string }): Y.Map<unknown> {
  const metadata = cell.metadata && typeof cell.metadata === "object" ? Object.entries(cell.metadata) : [];
  const entries: [string, unknown][] = [
    ["id", typeof cell.id === "string" && cell.id !== "" ? cell.id : newCellId()],
    ["cell_type", cell.cell_type],
    ["source", new Y.Text(joinText(cell.source))],
    ["metadata", new Y.Map<unknown>(metadata)],
  ];
  if (cell.cell_type === "code") {
    const outputs = Array.isArray(cell.outputs) ? (cell.outputs as Record<string, unknown>[]) : [];
    entries.push(["outputs", Y.Array.from(outputs.map(outputToY))]);
    entries.push(["execution_count", typeof cell.execution_count === "number" ? cell.execution_count : null]);
    entries.push(["execution_state", "idle"]);
  }
  if (cell.cell_type === "markdown" && cell.attachments && typeof cell.attachments === "object") {
    entries.push(["attachments", cell.attachments]);
  }
  return new Y.Map<unknown>(entries);
}
