import { memo, useMemo, useRef } from "react";
import type { CSSProperties, ReactNode } from "react";
import type { AnsiColor, AnsiStyle } from "../ansi";
import { TerminalBuffer } from "./terminal";
import type { StyledRun, TerminalLine } from "./terminal";

const PALETTE_NAMES = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"] as const;

function paletteName(index: number): string {
  const base = PALETTE_NAMES[index % 8] ?? "black";
  return index >= 8 ? `bright-${base}` : base;
}

/** Class names and inline colours for a style: palette colours via theme classes, others inline. */
export function styleAttributes(style: AnsiStyle): { className: string | undefined; style: CSSProperties | undefined } {
  const fg: AnsiColor | null = style.inverse ? style.bg : style.fg;
  const bg: AnsiColor | null = style.inverse ? style.fg : style.bg;
  const classes: string[] = [];
  const inline: CSSProperties = {};
  if (typeof fg === "number") classes.push(`ansi-${paletteName(fg)}-fg`);
  else if (fg !== null) inline.color = fg;
  else if (style.inverse) classes.push("ansi-default-inverse-fg");
  if (typeof bg === "number") classes.push(`ansi-${paletteName(bg)}-bg`);
  else if (bg !== null) inline.backgroundColor = bg;
  else if (style.inverse) classes.push("ansi-default-inverse-bg");
  if (style.bold) classes.push("ansi-bold");
  if (style.dim) classes.push("ansi-dim");
  if (style.italic) classes.push("ansi-italic");
  if (style.underline) classes.push("ansi-underline");
  if (style.strike) classes.push("ansi-strike");
  return {
    className: classes.length ? classes.join(" ") : undefined,
    style: inline.color || inline.backgroundColor ? inline : undefined,
  };
}

function renderRun(run: StyledRun, key: string): ReactNode {
  const attrs = styleAttributes(run.style);
  if (!attrs.className && !attrs.style) return run.text;
  return (
    <span key={key} className={attrs.className} style={attrs.style}>
      {run.text}
    </span>
  );
}

const LINES_PER_BLOCK = 64;

/** A block of lines; re-renders only when one of its lines changed (lines are immutable objects). */
const LineBlock = memo(
  function LineBlock({ lines, last }: { lines: readonly TerminalLine[]; last: boolean }) {
    const children: ReactNode[] = [];
    lines.forEach((line, i) => {
      line.runs.forEach((run, j) => children.push(renderRun(run, `${i}:${j}`)));
      if (i < lines.length - 1) children.push("\n"); // between blocks, the block break is the newline
    });
    // an empty last line needs something in it, or the block would end without showing it
    if (!last && lines[lines.length - 1]?.length === 0) children.push("\u200b");
    // A block box of its own: appending to the last block leaves the others' layout alone.
    return <span className="stream-block">{children}</span>;
  },
  (a, b) => a.last === b.last && a.lines.length === b.lines.length && a.lines.every((line, i) => line === b.lines[i]),
);

/** Renders terminal lines in fixed-size blocks so that streaming output only re-renders its tail. */
export function AnsiLines({ lines }: { lines: readonly TerminalLine[] }) {
  const blocks: ReactNode[] = [];
  for (let start = 0; start < lines.length; start += LINES_PER_BLOCK) {
    const end = Math.min(start + LINES_PER_BLOCK, lines.length);
    blocks.push(<LineBlock key={start} lines={lines.slice(start, end)} last={end === lines.length} />);
  }
  return <>{blocks}</>;
}

/**
 * The terminal screen for a text that usually grows by appending (a stream while a cell runs):
 * only the new suffix is fed to the terminal; any other change starts over.
 */
export function useTerminalLines(text: string): readonly TerminalLine[] {
  const state = useRef<{ source: string; terminal: TerminalBuffer } | null>(null);
  return useMemo(() => {
    let current = state.current;
    if (!current || !text.startsWith(current.source)) {
      current = { source: "", terminal: new TerminalBuffer() };
    }
    if (text.length > current.source.length) current.terminal.write(text.slice(current.source.length));
    state.current = { source: text, terminal: current.terminal };
    return current.terminal.snapshot();
  }, [text]);
}

/** Text with ANSI colours and terminal controls applied, as <pre>. */
export function AnsiText({ text, className, kind }: { text: string; className: string; kind: string }) {
  const lines = useTerminalLines(text);
  return (
    <pre className={className} data-output={kind}>
      <AnsiLines lines={lines} />
    </pre>
  );
}
