/**
 * Colab forms: `# @title`, `# @markdown` and `# @param` annotations in a code cell's source, as
 * Colab writes them (`#@param` and `# @param` alike):
 *
 *     # @title String fields { display-mode: "form", run: "auto" }
 *     text = "value"  # @param {type:"string", placeholder:"enter a value"}
 *     choice = "A"  # @param ["A", "B"] {allow-input: true}
 *     n = 0  # @param {type:"slider", min:-1, max:1, step:0.1}
 *
 * A line that does not parse (no `name = value`, an unknown type, options that are not an object)
 * stays plain code: it is not a field.
 */

export type ParamType = "string" | "raw" | "number" | "integer" | "boolean" | "date" | "slider";

export interface ParamField {
  kind: "param";
  /** 0-based line of the source. */
  line: number;
  name: string;
  /** The Python expression after `=`, as written. */
  value: string;
  /** Offsets of that expression within its line: [start, end). */
  valueStart: number;
  valueEnd: number;
  type: ParamType;
  /** A dropdown's choices (as written in the list: a string's text, a number's digits). */
  options: string[] | null;
  allowInput: boolean;
  min: number | null;
  max: number | null;
  step: number | null;
  placeholder: string | null;
  /** This field (or the form's title) asks for `{run: "auto"}`. */
  runAuto: boolean;
  /** Options of a list are Python strings (written quoted), not numbers or raw code. */
  quotedOptions: boolean;
}

export interface MarkdownLine {
  kind: "markdown";
  line: number;
  text: string;
}

export type FormItem = ParamField | MarkdownLine;
export type DisplayMode = "both" | "form" | "code";

export interface CellFormModel {
  title: string | null;
  displayMode: DisplayMode;
  runAuto: boolean;
  items: FormItem[];
}

const TYPES: readonly ParamType[] = ["string", "raw", "number", "integer", "boolean", "date", "slider"];
const TITLE = /^\s*#\s*@title\b ?(.*)$/;
const MARKDOWN = /^\s*#\s*@markdown\b ?(.*)$/;
const PARAM_MARK = /#\s*@param\b/g;
const ASSIGN = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*/;

type Scalar = string | number | boolean | null;

/** A tiny reader for Colab's annotation syntax: `[...]` lists and `{key: value}` objects of literals. */
class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  private skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? "")) this.pos += 1;
  }

  done(): boolean {
    this.skip();
    return this.pos >= this.text.length;
  }

  peek(): string {
    this.skip();
    return this.text[this.pos] ?? "";
  }

  private expect(char: string): void {
    if (this.peek() !== char) throw new SyntaxError(`expected ${char}`);
    this.pos += 1;
  }

  scalar(): Scalar {
    const char = this.peek();
    if (char === '"' || char === "'") return this.string(char);
    const match = /^(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.text.slice(this.pos));
    if (!match) throw new SyntaxError("expected a value");
    this.pos += match[0].length;
    const word = match[0];
    if (word === "true" || word === "True") return true;
    if (word === "false" || word === "False") return false;
    if (word === "None" || word === "null") return null;
    const number = Number(word);
    if (!Number.isNaN(number)) return number;
    return word;
  }

  private string(quote: string): string {
    this.pos += 1;
    let out = "";
    while (this.pos < this.text.length) {
      const char = this.text[this.pos] ?? "";
      this.pos += 1;
      if (char === quote) return out;
      if (char === "\\" && this.pos < this.text.length) {
        out += this.text[this.pos] ?? "";
        this.pos += 1;
      } else {
        out += char;
      }
    }
    throw new SyntaxError("unterminated string");
  }

  list(): Scalar[] {
    this.expect("[");
    const items: Scalar[] = [];
    while (this.peek() !== "]") {
      items.push(this.scalar());
      if (this.peek() === ",") this.pos += 1;
      else if (this.peek() !== "]") throw new SyntaxError("expected , or ]");
    }
    this.pos += 1;
    return items;
  }

  object(): Record<string, Scalar> {
    this.expect("{");
    const out: Record<string, Scalar> = {};
    while (this.peek() !== "}") {
      const key = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.pos));
      if (!key) throw new SyntaxError("expected a key");
      this.pos += key[0].length;
      this.expect(":");
      out[key[0]] = this.scalar();
      if (this.peek() === ",") this.pos += 1;
      else if (this.peek() !== "}") throw new SyntaxError("expected , or }");
    }
    this.pos += 1;
    return out;
  }
}

/** Trailing `{ key: value, ... }` groups of a title or param annotation; null when malformed. */
function readObjects(reader: Reader): Record<string, Scalar> | null {
  const merged: Record<string, Scalar> = {};
  try {
    while (!reader.done()) {
      if (reader.peek() !== "{") return null;
      Object.assign(merged, reader.object());
    }
  } catch {
    return null;
  }
  return merged;
}

function numberOrNull(value: Scalar | undefined): number | null {
  return typeof value === "number" ? value : null;
}

/** `# @title Text { display-mode: "form" }`: the text, and the options of its trailing object. */
function parseTitle(rest: string): { title: string; options: Record<string, Scalar> } {
  const brace = rest.lastIndexOf("{");
  if (brace >= 0 && rest.trimEnd().endsWith("}")) {
    const options = readObjects(new Reader(rest.slice(brace)));
    if (options) return { title: rest.slice(0, brace).trim(), options };
  }
  return { title: rest.trim(), options: {} };
}

/** One `name = value  # @param ...` line as a field, or null when it is not one. */
export function parseParamLine(text: string, line: number): ParamField | null {
  const marks = [...text.matchAll(PARAM_MARK)];
  const mark = marks[marks.length - 1];
  if (mark?.index === undefined) return null;
  const assign = ASSIGN.exec(text);
  if (!assign) return null;
  const valueStart = assign[0].length;
  const before = text.slice(valueStart, mark.index);
  const value = before.trimEnd();
  if (value === "" || valueStart > mark.index) return null;
  const reader = new Reader(text.slice(mark.index + mark[0].length));
  let list: Scalar[] | null = null;
  try {
    if (reader.peek() === "[") list = reader.list();
  } catch {
    return null;
  }
  const options = readObjects(reader);
  if (!options) return null;
  const declared = options.type;
  if (declared !== undefined && (typeof declared !== "string" || !TYPES.includes(declared as ParamType))) return null;
  // A bare `# @param` takes the value as code; a list of strings writes the choice as a string.
  const stringList = list !== null && list.every((item) => typeof item === "string");
  const type: ParamType = (declared as ParamType | undefined) ?? (list ? (stringList ? "string" : "raw") : "raw");
  if (list && !["string", "raw", "number", "integer"].includes(type)) return null;
  if (type === "slider" && (numberOrNull(options.min) === null || numberOrNull(options.max) === null)) return null;
  return {
    kind: "param",
    line,
    name: assign[2] ?? "",
    value,
    valueStart,
    valueEnd: valueStart + value.length,
    type,
    options: list ? list.map((item) => (item === null ? "None" : String(item))) : null,
    allowInput: options["allow-input"] === true,
    min: numberOrNull(options.min),
    max: numberOrNull(options.max),
    step: numberOrNull(options.step),
    placeholder: typeof options.placeholder === "string" ? options.placeholder : null,
    runAuto: options.run === "auto",
    quotedOptions: type === "string" && stringList,
  };
}

/** The form of a code cell's source, or null when it has no `@title`, `@markdown` or `@param`. */
export function parseForm(source: string): CellFormModel | null {
  let title: string | null = null;
  let displayMode: DisplayMode = "both";
  let runAuto = false;
  const items: FormItem[] = [];
  const lines = source.split("\n");
  for (let line = 0; line < lines.length; line += 1) {
    const text = lines[line] ?? "";
    const titleMatch = title === null ? TITLE.exec(text) : null;
    if (titleMatch) {
      const parsed = parseTitle(titleMatch[1] ?? "");
      title = parsed.title;
      const mode = parsed.options["display-mode"];
      if (mode === "form" || mode === "both" || mode === "code") displayMode = mode;
      runAuto = parsed.options.run === "auto";
      continue;
    }
    const markdown = MARKDOWN.exec(text);
    if (markdown) {
      items.push({ kind: "markdown", line, text: markdown[1] ?? "" });
      continue;
    }
    const field = parseParamLine(text, line);
    if (field) items.push(field);
  }
  if (title === null && items.length === 0) return null;
  return { title, displayMode, runAuto, items };
}
