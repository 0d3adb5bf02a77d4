import { useState } from "react";
import { Modal } from "../ui/Modal";
import "./chrome.css";
import { SearchField } from "./SearchField";
import { filterByLabel } from "./fuzzy";
import { Shortcut } from "./Shortcut";
import type { Command } from "./types";

interface Props {
  commands: Command[];
  onClose: () => void;
}

/** Tools › Keyboard shortcuts: every command that has a shortcut, searchable. */
export function KeyboardShortcutsDialog({ commands, onClose }: Props) {
  const [query, setQuery] = useState("");
  const withShortcuts = commands.filter((command) => command.shortcut);
  const shown = filterByLabel(withShortcuts, query);
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} size="wide">
      <SearchField label="Search shortcuts" placeholder="Search shortcuts" value={query} onChange={setQuery} />
      <table className="chrome-shortcuts-table">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Shortcut</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((command) => (
            <tr key={command.id}>
              <td>{command.label}</td>
              <td>
                <Shortcut keys={command.shortcut ?? ""} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="chrome-empty">No shortcuts match.</p>}
    </Modal>
  );
}
