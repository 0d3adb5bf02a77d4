import { applySgr, PLAIN_STYLE, tokenizeAnsi } from "../ansi";
import type { AnsiStyle, AnsiToken } from "../ansi";

/** A stretch of text in one style. */
export interface StyledRun {
  readonly text: string;
  readonly style: AnsiStyle;
}

/** One screen line. Lines are immutable: a change makes a new object, so renderers can skip the rest. */
export interface TerminalLine {
  readonly runs: readonly StyledRun[];
  readonly length: number;
}

const EMPTY_LINE: TerminalLine = Object.freeze({ runs: Object.freeze([]), length: 0 });

function pushRun(runs: StyledRun[], run: StyledRun): void {
  if (!run.text) return;
  const last = runs[runs.length - 1];
  if (last && last.style === run.style) runs[runs.length - 1] = { text: last.text + run.text, style: run.style };
  else runs.push(run);
}

/** Runs covering columns [from, to) of a line. */
function slice(line: TerminalLine, from: number, to: number): StyledRun[] {
  const out: StyledRun[] = [];
  let pos = 0;
  for (const run of line.runs) {
    const end = pos + run.text.length;
    if (end > from && pos < to) {
      pushRun(out, { text: run.text.slice(Math.max(from - pos, 0), Math.min(to, end) - pos), style: run.style });
    }
    pos = end;
    if (pos >= to) break;
  }
  return out;
}

/** Writes text over a line from a column, as a terminal does (padding with spaces past the end). */
export function overwrite(line: TerminalLine, col: number, text: string, style: AnsiStyle): TerminalLine {
  const end = col + text.length;
  const runs = col >= line.length ? [...line.runs] : slice(line, 0, col);
  if (col > line.length) pushRun(runs, { text: " ".repeat(col - line.length), style: PLAIN_STYLE });
  pushRun(runs, { text, style });
  for (const run of end < line.length ? slice(line, end, line.length) : []) pushRun(runs, run);
  return { runs, length: Math.max(line.length, end) };
}

function truncate(line: TerminalLine, length: number): TerminalLine {
  return length >= line.length ? line : { runs: slice(line, 0, length), length };
}

/**
 * A minimal terminal screen for notebook streams: \n, \r (cursor to column 0, later text overwrites),
 * \b, SGR styles, erase-in-line (ESC[K) and cursor moves (ESC[A/B/C/D/G). Text can be fed in chunks;
 * an escape sequence split between chunks is held until it completes.
 *
 * Backspace at the end of a line erases the character before it (as Jupyter front ends do, so
 * "abc\b\bd" shows "ad"); elsewhere it only moves the cursor left.
 */
export class TerminalBuffer {
  private lines: TerminalLine[] = [EMPTY_LINE];
  private row = 0;
  private col = 0;
  private style: AnsiStyle = PLAIN_STYLE;
  private pending = "";

  write(chunk: string): void {
    const { tokens, rest } = tokenizeAnsi(this.pending + chunk);
    this.pending = rest;
    for (const token of tokens) this.apply(token);
  }

  /** The current screen; unchanged lines keep their identity between snapshots. */
  snapshot(): readonly TerminalLine[] {
    return this.lines.slice();
  }

  /** Plain text of the screen, lines joined with \n. */
  text(): string {
    return this.lines.map((line) => line.runs.map((r) => r.text).join("")).join("\n");
  }

  private get line(): TerminalLine {
    return this.lines[this.row] ?? EMPTY_LINE;
  }

  private set line(value: TerminalLine) {
    this.lines[this.row] = value;
  }

  private apply(token: AnsiToken): void {
    if (token.kind === "text") {
      this.line = overwrite(this.line, this.col, token.text, this.style);
      this.col += token.text.length;
    } else if (token.kind === "control") {
      this.control(token.char);
    } else {
      this.csi(token.command, token.params);
    }
  }

  private control(char: "\r" | "\n" | "\b"): void {
    if (char === "\r") {
      this.col = 0;
    } else if (char === "\n") {
      this.moveToRow(this.row + 1);
      this.col = 0;
    } else if (this.col > 0) {
      if (this.col >= this.line.length) this.line = truncate(this.line, this.col - 1);
      this.col -= 1;
    }
  }

  private moveToRow(row: number): void {
    this.row = Math.max(0, row);
    while (this.lines.length <= this.row) this.lines.push(EMPTY_LINE);
  }

  private csi(command: string, params: readonly number[]): void {
    const n = Math.max(params[0] ?? 1, 1);
    switch (command) {
      case "m":
        this.style = applySgr(this.style, params);
        break;
      case "K": {
        const mode = params[0] ?? 0;
        if (mode === 0) this.line = truncate(this.line, this.col);
        else if (mode === 1) this.line = overwrite(this.line, 0, " ".repeat(this.col), PLAIN_STYLE);
        else if (mode === 2) this.line = EMPTY_LINE;
        break;
      }
      case "A":
        this.moveToRow(this.row - n);
        break;
      case "B":
        this.moveToRow(this.row + n);
        break;
      case "C":
        this.col += n;
        break;
      case "D":
        this.col = Math.max(0, this.col - n);
        break;
      case "G":
        this.col = n - 1;
        break;
      default:
        break; // other sequences (cursor save, screen modes, ...) do not change a notebook's text
    }
  }
}

/** Applies carriage returns, backspaces and escapes like a terminal and returns the plain text. */
export function applyTerminalControls(text: string): string {
  const terminal = new TerminalBuffer();
  terminal.write(text);
  return terminal.text();
}
