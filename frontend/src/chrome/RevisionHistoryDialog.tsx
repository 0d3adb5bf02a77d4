import { useState } from "react";
import { authApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import { useAsync } from "../ui/useAsync";
import { Modal } from "../ui/Modal";
import "./chrome.css";
import { RevisionPreview } from "./RevisionPreview";
import { revisionAuthor, revisionReason, revisionsApi } from "./revisionsApi";

interface Props {
  notebookId: string;
  onClose: () => void;
  /** Called after a restore, with nothing to do: connected editors get the change live. */
  onRestored?: () => void;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** File › Revision history: saved versions of the notebook, a preview, save now and restore. */
export function RevisionHistoryDialog({ notebookId, onClose, onRestored }: Props) {
  const revisions = useAsync(() => revisionsApi.list(notebookId), [notebookId]);
  const me = useAsync(() => authApi.me(), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const preview = useAsync(
    () => (selectedId ? revisionsApi.get(notebookId, selectedId) : Promise.resolve(null)),
    [notebookId, selectedId],
  );
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function act(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setMessage(null);
    try {
      await action();
      setMessage(done);
      revisions.reload();
    } catch (error) {
      setMessage(errorMessage(error));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const saveNow = () => act(() => revisionsApi.create(notebookId), "Revision saved.");
  const restore = (id: string) =>
    act(async () => {
      await revisionsApi.restore(notebookId, id);
      onRestored?.();
    }, "Revision restored. The version before it was saved, so you can undo the restore.");

  const list = revisions.data ?? [];
  const selected = list.find((revision) => revision.id === selectedId) ?? null;

  return (
    <Modal title="Revision history" onClose={onClose} size="wide">
      <div className="chrome-revisions">
        <div className="chrome-revision-side">
          <button type="button" className="button small" disabled={busy} onClick={() => void saveNow()}>
            Save revision now
          </button>
          {revisions.error && <p className="chrome-error" role="alert">{revisions.error}</p>}
          {revisions.loading && !revisions.data && <p className="chrome-empty">Loading…</p>}
          {revisions.data && list.length === 0 && <p className="chrome-empty">No revisions yet.</p>}
          <ul className="chrome-revision-list" aria-label="Revisions">
            {list.map((revision) => (
              <li key={revision.id}>
                <button
                  type="button"
                  className={`chrome-revision-entry${revision.id === selectedId ? " active" : ""}`}
                  aria-pressed={revision.id === selectedId}
                  onClick={() => {
                    setSelectedId(revision.id);
                    setConfirming(false);
                  }}
                >
                  <time dateTime={revision.created_at}>{when.format(new Date(revision.created_at))}</time>
                  <span className="chrome-revision-meta">
                    {revisionAuthor(revision, me.data?.id ?? null)} · {revisionReason(revision)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="chrome-revision-preview" aria-label="Revision preview" role="region">
          {message && <p className="chrome-message" role="status">{message}</p>}
          {!selected && <p className="chrome-empty">Choose a revision to see it.</p>}
          {selected && preview.error && <p className="chrome-error" role="alert">{preview.error}</p>}
          {selected && preview.loading && <p className="chrome-empty">Loading…</p>}
          {selected && preview.data && !preview.loading && (
            <>
              <div className="chrome-revision-actions">
                {confirming ? (
                  <div className="chrome-confirm" role="group" aria-label="Confirm restore">
                    <p>Replace the notebook with this revision? The current version is saved first, so you can undo this.</p>
                    <div className="chrome-confirm-buttons">
                      <button type="button" className="button small" onClick={() => setConfirming(false)}>
                        Cancel
                      </button>
                      <button type="button" className="button primary small" disabled={busy} onClick={() => void restore(selected.id)}>
                        Restore
                      </button>
                    </div>
                  </div>
                ) : (
                  <button type="button" className="button primary small" disabled={busy} onClick={() => setConfirming(true)}>
                    Restore this revision
                  </button>
                )}
              </div>
              <RevisionPreview notebook={preview.data} />
            </>
          )}
        </div>
      </div>
    </Modal>
  );
}
