// The subset of nbformat 4 the read-only view needs. Unknown fields are tolerated.
export type MultilineString = string | string[];

export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: "stream";
  name: string; // "stdout" or "stderr"; other names are tolerated
  text: MultilineString;
}

export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata?: Record<string, unknown>;
}

export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata?: Record<string, unknown>;
}

export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | ExecuteResultOutput | DisplayDataOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: MultilineString;
  execution_count: number | null;
  outputs: Output[];
  metadata?: Record<string, unknown>;
}

export interface MarkdownCell {
  cell_type: "markdown";
  id?: string;
  source: MultilineString;
  metadata?: Record<string, unknown>;
  attachments?: Record<string, MimeBundle>;
}

export interface RawCell {
  cell_type: "raw";
  id?: string;
  source: MultilineString;
  metadata?: Record<string, unknown>;
}

export type Cell = CodeCell | MarkdownCell | RawCell;

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** nbformat stores text either as one string or as a list of lines; join to one string. */
export function joinText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : "")).join("");
  return "";
}
