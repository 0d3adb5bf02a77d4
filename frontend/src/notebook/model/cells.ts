import type { YCellType, YNotebook } from "@jupyter/ydoc";
import * as Y from "yjs";
import type { Output } from "../nbformat";

export type CellKind = "code" | "markdown" | "raw";

/** `metadata.collaboratory.execution`, written by the server as cells queue, run and finish. */
export interface ExecutionInfo {
  status: "queued" | "running" | "done" | "error";
  queued_at?: string | null;
  started_at?: string | null;
  ended_at?: string | null;
  by?: string | null;
  input?: { prompt: string; password: boolean } | null;
  /** `userdata.get` waits for *Notebook access* to this secret (its name only). */
  access_request?: { secret: string } | null;
}

function plain(value: unknown): unknown {
  return value instanceof Y.AbstractType ? (value.toJSON() as unknown) : value;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  const v = plain(value);
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function cellKind(cell: YCellType): CellKind {
  const type = cell.ymodel.get("cell_type") as unknown;
  return type === "code" || type === "markdown" ? type : "raw";
}

export function metadataOf(ymodel: Y.Map<unknown>): Record<string, unknown> {
  return asRecord(ymodel.get("metadata")) ?? {};
}

export function executionOf(ymodel: Y.Map<unknown>): ExecutionInfo | null {
  const ours = asRecord(metadataOf(ymodel).collaboratory);
  const execution = asRecord(ours?.execution);
  const status = execution?.status;
  if (status !== "queued" && status !== "running" && status !== "done" && status !== "error") return null;
  return execution as unknown as ExecutionInfo;
}

export function outputsOf(ymodel: Y.Map<unknown>): Output[] {
  const outputs = ymodel.get("outputs");
  if (outputs instanceof Y.Array) return outputs.toJSON() as Output[];
  return Array.isArray(outputs) ? (outputs as Output[]) : [];
}

export function executionCountOf(ymodel: Y.Map<unknown>): number | null {
  const count = ymodel.get("execution_count");
  return typeof count === "number" ? count : null;
}

export function attachmentsOf(ymodel: Y.Map<unknown>): Record<string, Record<string, string>> | undefined {
  return (asRecord(ymodel.get("attachments")) as Record<string, Record<string, string>> | null) ?? undefined;
}

export function sourceOf(cell: YCellType): string {
  return cell.ysource.toString();
}

export function indexOfCell(notebook: YNotebook, id: string): number {
  return notebook.cells.findIndex((cell) => cell.getId() === id);
}
