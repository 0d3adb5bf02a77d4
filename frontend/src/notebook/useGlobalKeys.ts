import { useEffect, useRef } from "react";
import type { EditorMode } from "./commands/registry";

const TYPING = ".cm-editor, input, textarea, select, [contenteditable='true']";

/**
 * Which notebook shortcuts a keydown outside the cells may trigger: all of command mode while the
 * page itself has the focus; only the ones with modifiers (the edit-mode set: Ctrl+Shift+P, …) on
 * other controls such as the menu bar; none in text fields, dialogs, or the cells (they handle
 * their own keys).
 */
export function globalKeyMode(target: EventTarget | null): EditorMode | null {
  if (!(target instanceof Element) || target === document.body || target === document.documentElement) return "command";
  if (target.closest(`${TYPING}, [role='dialog'], .notebook-cells`)) return null;
  return "edit";
}

export function useGlobalKeys(handleKey: (event: KeyboardEvent, mode: EditorMode) => boolean): void {
  const handler = useRef(handleKey);
  handler.current = handleKey;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mode = event.defaultPrevented ? null : globalKeyMode(event.target);
      if (mode && handler.current(event, mode)) event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
