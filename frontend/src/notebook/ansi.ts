// Matches CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) and lone escapes.
// eslint-disable-next-line no-control-regex
const ANSI_PATTERN = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;

/** Removes ANSI escape codes (as in IPython tracebacks) so the text reads cleanly. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, "");
}

/** Applies carriage returns and backspaces the way a terminal would (progress bars in streams). */
export function applyTerminalControls(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const parts = line.split("\r");
      let result = "";
      for (const part of parts) {
        result = part + result.slice(part.length);
      }
      // Backspace (\x08) erases the character before it.
      while (/[^\x08]\x08/.test(result)) result = result.replace(/[^\x08]\x08/, "");
      return result.replace(/\x08/g, "");
    })
    .join("\n");
}
