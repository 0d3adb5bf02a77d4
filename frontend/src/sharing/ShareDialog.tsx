import { useEffect, useState, type FormEvent } from "react";
import { driveApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { DriveItem, SharedRole, Sharing } from "../api/types";
import { Modal } from "../ui/Modal";
import { folderPath, notebookPath } from "../app/router";
import "./sharing.css";

const ROLES: { value: SharedRole; label: string }[] = [
  { value: "viewer", label: "Viewer" },
  { value: "commenter", label: "Commenter" },
  { value: "editor", label: "Editor" },
];

interface Props {
  item: Pick<DriveItem, "id" | "name" | "kind" | "role">;
  onClose: () => void;
  /** After a change was saved (the caller may reload what it shows). */
  onChanged?: (sharing: Sharing) => void;
}

export function shareLink(item: Pick<DriveItem, "id" | "kind">): string {
  const path = item.kind === "folder" ? folderPath(item.id) : notebookPath(item.id);
  return `${window.location.origin}${path}`;
}

/** Colab's Share dialog: people by user name with a role, General access, Copy link. Every
 * change is saved at once, so that it reaches open editors at once. */
export function ShareDialog({ item, onClose, onChanged }: Props) {
  const [sharing, setSharing] = useState<Sharing | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [role, setRole] = useState<SharedRole>("editor");
  // Handing ownership over cannot be taken back by the one who does it: asked first.
  const [transferTo, setTransferTo] = useState<string | null>(null);
  const owner = item.role === "owner";

  useEffect(() => {
    driveApi.sharing(item.id).then(setSharing, (err: unknown) => setStatus(errorMessage(err)));
  }, [item.id]);

  async function save(next: Sharing, done: string) {
    try {
      const saved = await driveApi.share(item.id, next);
      setSharing(saved);
      setStatus(done);
      onChanged?.(saved);
    } catch (err) {
      setStatus(errorMessage(err));
    }
  }

  function add(event: FormEvent) {
    event.preventDefault();
    const who = name.trim();
    if (!sharing || !who) return;
    const others = sharing.people.filter((p) => p.username.toLowerCase() !== who.toLowerCase());
    void save({ ...sharing, people: [...others, { username: who, role }] }, `Shared with ${who}.`).then(() => setName(""));
  }

  function change(username: string, value: string) {
    if (!sharing) return;
    if (value === "owner") {
      setTransferTo(username);
    } else if (value === "remove") {
      void save({ ...sharing, people: sharing.people.filter((p) => p.username !== username) }, `${username} no longer has access.`);
    } else {
      const people = sharing.people.map((p) => (p.username === username ? { ...p, role: value as SharedRole } : p));
      void save({ ...sharing, people }, `${username} is now ${value === "editor" ? "an" : "a"} ${value}.`);
    }
  }

  function transfer(username: string) {
    setTransferTo(null);
    if (!sharing) return;
    void save({ ...sharing, owner: username, people: sharing.people.filter((p) => p.username !== username) }, `${username} is now the owner.`);
  }

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(shareLink(item));
      setStatus("Link copied.");
    } catch {
      setStatus(`Copy this link: ${shareLink(item)}`);
    }
  }

  const footer = (
    <>
      <button type="button" className="button" onClick={() => void copyLink()}>
        Copy link
      </button>
      <div className="topbar-spacer" />
      <button type="button" className="button primary" onClick={onClose}>
        Done
      </button>
    </>
  );
  return (
    <Modal title={`Share "${item.name}"`} onClose={onClose} footer={footer}>
      {owner && (
        <form className="share-add" onSubmit={add}>
          <input aria-label="Add people by user name" placeholder="Add people by user name" value={name} onChange={(e) => setName(e.target.value)} />
          <select aria-label="Role for new people" value={role} onChange={(e) => setRole(e.target.value as SharedRole)}>
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          <button type="submit" className="button" disabled={!name.trim() || !sharing}>
            Share
          </button>
        </form>
      )}
      {!sharing && !status && <p className="loading">Loading…</p>}
      {transferTo && (
        <div className="share-confirm" role="group" aria-label="Confirm the transfer of ownership">
          <p>
            Make {transferTo} the owner of “{item.name}”? It moves to their Drive and you stay on as an editor: only they can change who has access, or give it back.
          </p>
          <div className="share-confirm-actions">
            <button type="button" className="button" onClick={() => setTransferTo(null)}>
              Cancel
            </button>
            <button type="button" className="button danger" onClick={() => transfer(transferTo)}>
              Transfer ownership
            </button>
          </div>
        </div>
      )}
      {sharing && (
        <>
          <h3 className="share-heading">People with access</h3>
          <ul className="share-people" aria-label="People with access">
            <li>
              <span className="share-name">{sharing.owner}</span>
              <span className="share-role">Owner</span>
            </li>
            {sharing.people.map((p) => (
              <li key={p.username}>
                <span className="share-name">{p.username}</span>
                {owner ? (
                  <select aria-label={`Role of ${p.username}`} value={p.role} onChange={(e) => change(p.username, e.target.value)}>
                    {ROLES.map((r) => (
                      <option key={r.value} value={r.value}>
                        {r.label}
                      </option>
                    ))}
                    <option value="owner">Transfer ownership</option>
                    <option value="remove">Remove access</option>
                  </select>
                ) : (
                  <span className="share-role">{ROLES.find((r) => r.value === p.role)?.label}</span>
                )}
              </li>
            ))}
          </ul>
          <h3 className="share-heading">General access</h3>
          <div className="share-general">
            <select
              aria-label="General access"
              disabled={!owner}
              value={sharing.link_role ? "link" : "restricted"}
              onChange={(e) => void save({ ...sharing, link_role: e.target.value === "link" ? "viewer" : null }, e.target.value === "link" ? "Anyone with the link can view." : "Only people with access can open it.")}
            >
              <option value="restricted">Restricted</option>
              <option value="link">Anyone with the link</option>
            </select>
            {sharing.link_role && (
              <select
                aria-label="Link role"
                disabled={!owner}
                value={sharing.link_role}
                onChange={(e) => void save({ ...sharing, link_role: e.target.value as SharedRole }, "General access changed.")}
              >
                {ROLES.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            )}
          </div>
          {!owner && <p className="share-note">Only the owner can change who has access.</p>}
        </>
      )}
      {status && (
        <p className="share-status" role="status">
          {status}
        </p>
      )}
    </Modal>
  );
}
