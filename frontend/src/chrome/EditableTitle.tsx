import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import "./chrome.css";

interface Props {
  name: string;
  onRename: (name: string) => void;
}

/**
 * The notebook's name in the top bar, as text that turns into a field when clicked. Enter or
 * leaving the field renames (when the name changed and is not blank); Escape cancels.
 */
export function EditableTitle({ name, onRename }: Props) {
  const [draft, setDraft] = useState(name);
  const editing = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const settled = useRef(false); // Enter or Escape already decided

  useEffect(() => {
    if (!editing.current) setDraft(name); // a rename from elsewhere shows unless the user is typing
  }, [name]);

  function commit() {
    editing.current = false;
    const trimmed = draft.trim();
    if (trimmed === "" || trimmed === name) setDraft(name);
    else onRename(trimmed);
  }

  function leave(keep: boolean) {
    if (keep) commit();
    else {
      setDraft(name);
      editing.current = false;
    }
    settled.current = true; // the blur that follows must not commit again
    input.current?.blur();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter" && event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    leave(event.key === "Enter");
  }

  return (
    <input
      ref={input}
      className="chrome-title"
      aria-label="Notebook name"
      title="Rename notebook"
      spellCheck={false}
      value={draft}
      size={Math.max(8, draft.length + 1)}
      onFocus={() => {
        settled.current = false;
        editing.current = true;
      }}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => {
        if (settled.current) settled.current = false;
        else commit();
      }}
    />
  );
}
