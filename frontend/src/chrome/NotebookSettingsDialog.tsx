import { useState } from "react";
import { Modal, ModalActions } from "../ui/Modal";
import "./chrome.css";

interface Props {
  metadata: Record<string, unknown>;
  onSave: (changes: Record<string, unknown>) => void;
  onClose: () => void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The notebook's own settings, kept under `metadata.collaboratory`. */
export function collaboratoryMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  return isRecord(metadata.collaboratory) ? metadata.collaboratory : {};
}

/**
 * Edit › Notebook settings. Saving calls `onSave` with the top-level metadata keys that change
 * (`{collaboratory: {...its other keys, omit_outputs}}`), then closes.
 */
export function NotebookSettingsDialog({ metadata, onSave, onClose }: Props) {
  const own = collaboratoryMetadata(metadata);
  const [omitOutputs, setOmitOutputs] = useState(own.omit_outputs === true);

  function save() {
    onSave({ collaboratory: { ...own, omit_outputs: omitOutputs } });
    onClose();
  }

  return (
    <Modal
      title="Notebook settings"
      onClose={onClose}
      footer={<ModalActions onCancel={onClose} onConfirm={save} label="Save" />}
    >
      <label className="chrome-check">
        <input type="checkbox" checked={omitOutputs} onChange={(event) => setOmitOutputs(event.target.checked)} />
        Omit code cell output when saving this notebook
      </label>
      <p className="chrome-hint">
        Outputs stay visible while you work but are left out of the saved <code>.ipynb</code>.
      </p>
    </Modal>
  );
}
