import type * as Y from "yjs";
import { parseParamLine, type ParamField } from "./parse";

/** A Python string literal of `text`, in the quote the line already uses (double by default, as Colab). */
export function pythonString(text: string, quote: '"' | "'" = '"'): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(quote === '"' ? /"/g : /'/g, `\\${quote}`)
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
  return `${quote}${escaped}${quote}`;
}

/** The text of a plain Python string literal (`"a"`, `'b'`, `r"c"`), or null for any other expression. */
export function stringValue(literal: string): string | null {
  const match = /^([rRuU]?)(["'])(.*)\2$/s.exec(literal.trim());
  if (!match) return null;
  const body = match[3] ?? "";
  const quote = match[2] ?? '"';
  if (match[1]?.toLowerCase() === "r") return body.includes(quote) ? null : body;
  let out = "";
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i] ?? "";
    if (char === quote) return null; // `"a" + "b"`: not one literal
    if (char !== "\\") {
      out += char;
      continue;
    }
    i += 1;
    const next = body[i] ?? "";
    out += ({ n: "\n", r: "\r", t: "\t" } as Record<string, string>)[next] ?? next;
  }
  return out;
}

function quoteOf(literal: string): '"' | "'" {
  return /^[rRuU]?'/.test(literal.trim()) ? "'" : '"';
}

/** What the form shows for a field's current value: a string's text, or the expression as written. */
export function displayValue(field: ParamField): string {
  if (field.type === "string" || field.type === "date") return stringValue(field.value) ?? field.value;
  return field.value;
}

/** The Python expression a field's new value is written as, Colab's way for each type. */
export function literalFor(field: ParamField, input: string | number | boolean): string {
  switch (field.type) {
    case "boolean":
      return input === true || input === "True" ? "True" : "False";
    case "raw":
      return String(input);
    case "number":
    case "integer":
    case "slider": {
      if (typeof input === "number") return Number.isFinite(input) ? String(input) : field.value;
      // A half-typed number ("", "-") leaves the line as it was.
      const text = String(input).trim();
      return text === "" || Number.isNaN(Number(text)) ? field.value : text;
    }
    case "string":
    case "date":
      // A dropdown of raw choices (`[1, 2]`) writes the choice as code; strings are quoted.
      if (field.options && !field.quotedOptions && field.options.includes(String(input))) return String(input);
      return pythonString(String(input), quoteOf(field.value));
  }
}

/** The start offset of 0-based `line` in `text`, or -1 when there is no such line. */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i += 1) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return -1;
    offset = next + 1;
  }
  return offset;
}

/**
 * Write a field's new value into the cell's shared source (one Y transaction, so co-editors see the
 * line change at once). The field is found again in the source as it is now — by its line, or by
 * its name when lines moved — and only its value's characters are replaced. False when it is gone.
 */
export function writeFieldValue(ytext: Y.Text, field: Pick<ParamField, "line" | "name">, literal: string): boolean {
  const source = ytext.toString();
  const lines = source.split("\n");
  let index = field.line;
  let current = index < lines.length ? parseParamLine(lines[index] ?? "", index) : null;
  if (!current || current.name !== field.name) {
    index = lines.findIndex((text, i) => parseParamLine(text, i)?.name === field.name);
    current = index >= 0 ? parseParamLine(lines[index] ?? "", index) : null;
  }
  if (!current) return false;
  if (current.value === literal) return true;
  const start = lineStart(source, index) + current.valueStart;
  const apply = () => {
    ytext.delete(start, current.valueEnd - current.valueStart);
    ytext.insert(start, literal);
  };
  if (ytext.doc) ytext.doc.transact(apply);
  else apply();
  return true;
}

/** A new `name = value  # @param {...}` line, as *Insert › Add a form field* writes it. */
export function paramLine(spec: {
  name: string;
  type: ParamType | "dropdown";
  value: string;
  min?: number;
  max?: number;
  step?: number;
  options?: string[];
  allowInput?: boolean;
}): string {
  const options = spec.options ?? [];
  switch (spec.type) {
    case "dropdown": {
      const first = spec.value !== "" ? spec.value : (options[0] ?? "");
      const list = `[${options.map((option) => pythonString(option)).join(", ")}]`;
      return `${spec.name} = ${pythonString(first)}  # @param ${list}${spec.allowInput ? " {allow-input: true}" : ""}`;
    }
    case "string":
    case "date":
      return `${spec.name} = ${pythonString(spec.value)}  # @param {type:"${spec.type}"}`;
    case "boolean":
      return `${spec.name} = ${spec.value === "True" ? "True" : "False"}  # @param {type:"boolean"}`;
    case "slider":
      return `${spec.name} = ${spec.value || String(spec.min ?? 0)}  # @param {type:"slider", min:${spec.min ?? 0}, max:${spec.max ?? 100}, step:${spec.step ?? 1}}`;
    case "number":
    case "integer":
    case "raw":
      return `${spec.name} = ${spec.value || (spec.type === "raw" ? "None" : "0")}  # @param {type:"${spec.type}"}`;
  }
}

type ParamType = ParamField["type"];
