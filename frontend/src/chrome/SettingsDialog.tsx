import { useState } from "react";
import { Modal, ModalActions } from "../ui/Modal";
import "./chrome.css";
import { FONT_SIZES, loadSettings, saveSettings, type ThemeChoice } from "./settings";
import { SnippetNotebooksSettings } from "./SnippetNotebooksSettings";

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
  { value: "system", label: "Same as the system" },
];

/** Tools › Settings: theme and editor font size, saved in this browser; snippet notebooks, saved on the server at once. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const [draft, setDraft] = useState(loadSettings);
  const sizes = [...new Set([...FONT_SIZES, draft.fontSize])].sort((a, b) => a - b);

  function save() {
    saveSettings(draft);
    onClose();
  }

  return (
    <Modal
      title="Settings"
      onClose={onClose}
      footer={<ModalActions onCancel={onClose} onConfirm={save} label="Save" />}
    >
      <fieldset className="chrome-fieldset">
        <legend>Theme</legend>
        {THEMES.map((theme) => (
          <label key={theme.value} className="chrome-check">
            <input
              type="radio"
              name="theme"
              value={theme.value}
              checked={draft.theme === theme.value}
              onChange={() => setDraft({ ...draft, theme: theme.value })}
            />
            {theme.label}
          </label>
        ))}
      </fieldset>
      <label className="chrome-field">
        Editor font size
        <select
          value={draft.fontSize}
          onChange={(event) => setDraft({ ...draft, fontSize: Number(event.target.value) })}
        >
          {sizes.map((size) => (
            <option key={size} value={size}>
              {size} px
            </option>
          ))}
        </select>
      </label>
      <SnippetNotebooksSettings />
    </Modal>
  );
}
