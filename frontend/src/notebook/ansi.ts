// ANSI escape handling for notebook output text: SGR styles (16, 256 and truecolor), a tokenizer that
// separates text from control sequences (for the terminal in outputs/terminal.ts) and stripping.

/** A palette index 0-15 (rendered with theme classes) or a CSS colour (256-colour and truecolor codes). */
export type AnsiColor = number | string;

export interface AnsiStyle {
  readonly fg: AnsiColor | null;
  readonly bg: AnsiColor | null;
  readonly bold: boolean;
  readonly dim: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
  readonly inverse: boolean;
  readonly strike: boolean;
}

const internedStyles = new Map<string, AnsiStyle>();

/** One object per distinct style, so styles compare by identity and adjacent runs merge cheaply. */
function intern(style: AnsiStyle): AnsiStyle {
  const key = JSON.stringify(style);
  const known = internedStyles.get(key);
  if (known) return known;
  const frozen = Object.freeze({ ...style });
  internedStyles.set(key, frozen);
  return frozen;
}

export const PLAIN_STYLE: AnsiStyle = intern({
  fg: null,
  bg: null,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  inverse: false,
  strike: false,
});

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255] as const;

/** xterm's 256-colour table: 0-15 stay palette indexes, 16-231 a 6x6x6 cube, 232-255 greys. */
export function xterm256(index: number): AnsiColor | null {
  if (!Number.isInteger(index) || index < 0 || index > 255) return null;
  if (index < 16) return index;
  if (index >= 232) {
    const grey = 8 + (index - 232) * 10;
    return `rgb(${grey}, ${grey}, ${grey})`;
  }
  const n = index - 16;
  const level = (i: number) => CUBE_LEVELS[i] ?? 0;
  return `rgb(${level(Math.floor(n / 36))}, ${level(Math.floor(n / 6) % 6)}, ${level(n % 6)})`;
}

/** Reads an extended colour (38/48 ;5;n or ;2;r;g;b) at params[i]; returns the colour and the params used. */
function extendedColor(params: readonly number[], i: number): [AnsiColor | null, number] {
  const mode = params[i + 1];
  if (mode === 5) return [xterm256(params[i + 2] ?? -1), 3];
  if (mode === 2) {
    const rgb = [params[i + 2], params[i + 3], params[i + 4]].map((v) => Math.min(255, Math.max(0, v ?? 0)));
    return [`rgb(${rgb.join(", ")})`, 5];
  }
  return [null, 1];
}

/** Applies one SGR ("Select Graphic Rendition", ESC[...m) parameter list to a style. */
export function applySgr(style: AnsiStyle, params: readonly number[]): AnsiStyle {
  const next: { -readonly [K in keyof AnsiStyle]: AnsiStyle[K] } = { ...style };
  const list = params.length === 0 ? [0] : params;
  for (let i = 0; i < list.length; i++) {
    const code = list[i] ?? 0;
    if (code === 0) Object.assign(next, PLAIN_STYLE);
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 9) next.strike = true;
    else if (code === 21 || code === 22) next.bold = next.dim = false;
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code === 29) next.strike = false;
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    else if (code === 39) next.fg = null;
    else if (code === 49) next.bg = null;
    else if (code === 38 || code === 48) {
      const [color, used] = extendedColor(list, i);
      if (color !== null) next[code === 38 ? "fg" : "bg"] = color;
      i += used - 1;
    }
  }
  return intern(next);
}

export type AnsiToken =
  | { kind: "text"; text: string }
  | { kind: "control"; char: "\r" | "\n" | "\b" }
  /** A CSI sequence: ESC [ params command (SGR is command "m"). */
  | { kind: "csi"; command: string; params: number[] };

// CSI (ESC[ or the 8-bit CSI), OSC (titles, hyperlinks), two-byte and nF escapes, and \r \n \b.
// eslint-disable-next-line no-control-regex -- matching ESC, CSI and other C0 controls is the point
const TOKEN_PATTERN = /(?:\u001b\[|\u009b)([0-?]*)[ -/]*([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[ -/]+[0-~]|\u001b[0-~]|[\r\n\b]/g;
// An escape sequence cut off at the end of a chunk (the rest arrives with the next stream message).
// eslint-disable-next-line no-control-regex -- matching ESC, CSI and other C0 controls is the point
const INCOMPLETE_TAIL = /^(?:\u001b(?:\[[0-?]*[ -/]*|\][^\u0007\u001b]*\u001b?|[ -/]*)|\u009b[0-?]*[ -/]*)$/;
// Other C0 controls (bell, NUL, ...) are dropped from text; tab stays.
// eslint-disable-next-line no-control-regex -- matching ESC, CSI and other C0 controls is the point
const STRAY_CONTROLS = /[\u0000-\u0007\u000b-\u001f\u007f]/g;

function parseParams(raw: string): number[] {
  if (raw === "") return [];
  return raw.split(/[;:]/).map((p) => (p === "" ? 0 : Number.parseInt(p, 10) || 0));
}

/**
 * Splits text into printable runs and control tokens. `rest` is an incomplete escape sequence at the
 * end, to be prepended to the next chunk.
 */
export function tokenizeAnsi(input: string): { tokens: AnsiToken[]; rest: string } {
  const lastEscape = Math.max(input.lastIndexOf("\u001b"), input.lastIndexOf("\u009b"));
  const rest = lastEscape >= 0 && INCOMPLETE_TAIL.test(input.slice(lastEscape)) ? input.slice(lastEscape) : "";
  const text = rest ? input.slice(0, input.length - rest.length) : input;
  const tokens: AnsiToken[] = [];
  const pushText = (t: string) => {
    const clean = t.replace(STRAY_CONTROLS, "");
    if (clean) tokens.push({ kind: "text", text: clean });
  };
  let last = 0;
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const at = match.index;
    if (at > last) pushText(text.slice(last, at));
    last = at + match[0].length;
    const seq = match[0];
    if (seq === "\r" || seq === "\n" || seq === "\b") tokens.push({ kind: "control", char: seq });
    else if (match[2] !== undefined) tokens.push({ kind: "csi", command: match[2], params: parseParams(match[1] ?? "") });
  }
  if (last < text.length) pushText(text.slice(last));
  return { tokens, rest };
}

/** Removes ANSI escape codes (as in IPython tracebacks) so the text reads cleanly. */
export function stripAnsi(text: string): string {
  return tokenizeAnsi(text)
    .tokens.map((t) => (t.kind === "text" ? t.text : t.kind === "control" ? t.char : ""))
    .join("");
}
