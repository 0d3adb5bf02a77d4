import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { filterByLabel } from "./fuzzy";
import { Shortcut } from "./Shortcut";
import type { Command } from "./types";
import "./chrome.css";

interface Props {
  commands: Command[];
  onClose: () => void;
}

/** Ctrl+Shift+P: a search box over every command; arrows pick, Enter runs, Escape closes. */
export function CommandPalette({ commands, onClose }: Props) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => filterByLabel(commands, query), [commands, query]);
  const current = Math.min(active, matches.length - 1);

  function run(command: Command | undefined) {
    if (!command) return;
    onClose();
    command.run();
  }

  function onKeyDown(event: KeyboardEvent) {
    const count = matches.length;
    if (event.key === "ArrowDown" && count) setActive((current + 1) % count);
    else if (event.key === "ArrowUp" && count) setActive((current - 1 + count) % count);
    else if (event.key === "Enter") run(matches[current]);
    else if (event.key === "Escape") onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div className="chrome-backdrop top" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="chrome-palette" role="dialog" aria-modal="true" aria-label="Command palette">
        <input
          className="chrome-search"
          role="combobox"
          aria-label="Search commands"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={current >= 0 ? `${listId}-${current}` : undefined}
          placeholder="Search for a command"
          autoFocus
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul className="chrome-palette-list" role="listbox" id={listId} aria-label="Commands">
          {matches.map((command, index) => (
            <li
              key={command.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === current}
              className={index === current ? "active" : undefined}
              onMouseEnter={() => setActive(index)}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => run(command)}
            >
              <span>{command.label}</span>
              {command.shortcut && <Shortcut keys={command.shortcut} />}
            </li>
          ))}
          {matches.length === 0 && <li className="chrome-empty">No matching commands</li>}
        </ul>
      </div>
    </div>
  );
}
