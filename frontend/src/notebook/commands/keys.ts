/** Key names as the command registry writes them: "Ctrl+Shift+P", "Shift+Enter", "Ctrl+M B". */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const NAMED: Record<string, string> = {
  " ": "Space",
  ArrowUp: "Up",
  ArrowDown: "Down",
  ArrowLeft: "Left",
  ArrowRight: "Right",
  Escape: "Esc",
};

/** One keystroke as a name; Cmd counts as Ctrl (Mac). Bare modifier presses give "". */
export function keyName(event: KeyLike): string {
  if (["Control", "Shift", "Alt", "Meta"].includes(event.key)) return "";
  let key = NAMED[event.key] ?? event.key;
  if (key.length === 1) key = key.toUpperCase();
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push("Ctrl");
  if (event.altKey) parts.push("Alt");
  if (event.shiftKey && (key.length > 1 || event.ctrlKey || event.metaKey || event.altKey)) parts.push("Shift");
  parts.push(key);
  return parts.join("+");
}

/** A shortcut as written ("Ctrl+M B") → its keystrokes (["Ctrl+M", "B"]). */
export function parseShortcut(shortcut: string): string[] {
  return shortcut.split(" ").filter((part) => part !== "");
}
