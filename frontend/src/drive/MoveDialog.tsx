import { useState } from "react";
import { Modal, ModalActions } from "../ui/Modal";
import { useAsync } from "../ui/useAsync";
import { driveApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { DriveItem } from "../api/types";
import { ChevronSvg, FolderSvg, MyDriveSvg } from "./icons";

interface Props {
  item: DriveItem;
  onMove: (target: string | null) => Promise<void>;
  onClose: () => void;
}

/** Pick a target folder by browsing from My Drive; the item itself (if a folder) cannot be entered. */
export function MoveDialog({ item, onMove, onClose }: Props) {
  const [trail, setTrail] = useState<DriveItem[]>([]);
  const current = trail.length > 0 ? trail[trail.length - 1] : undefined;
  const currentId = current?.id ?? null;
  const folders = useAsync(
    async () => (await driveApi.list(currentId)).filter((i) => i.kind === "folder" && i.id !== item.id),
    [currentId, item.id],
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function move() {
    setBusy(true);
    setError(null);
    try {
      await onMove(currentId);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  const here = current?.name ?? "My Drive";
  return (
    <Modal
      title={`Move "${item.name}"`}
      onClose={onClose}
      footer={
        <ModalActions onCancel={onClose} onConfirm={() => void move()} label="Move here" disabled={busy || currentId === item.parent} />
      }
    >
      <nav className="move-trail" aria-label="Target folder">
        <button type="button" className="link-button" onClick={() => setTrail([])}>
          <MyDriveSvg /> My Drive
        </button>
        {trail.map((f, i) => (
          <span key={f.id} className="crumb">
            <ChevronSvg />
            <button type="button" className="link-button" onClick={() => setTrail(trail.slice(0, i + 1))}>
              {f.name}
            </button>
          </span>
        ))}
      </nav>
      <ul className="folder-picker" aria-label={`Folders in ${here}`}>
        {folders.loading && <li className="muted">Loading…</li>}
        {folders.data?.length === 0 && !folders.loading && <li className="muted">No folders in {here}.</li>}
        {folders.data?.map((f) => (
          <li key={f.id}>
            <button type="button" className="folder-choice" onClick={() => setTrail([...trail, f])}>
              <FolderSvg /> {f.name}
            </button>
          </li>
        ))}
      </ul>
      {(error ?? folders.error) && (
        <p className="form-error" role="alert">
          {error ?? folders.error}
        </p>
      )}
    </Modal>
  );
}
