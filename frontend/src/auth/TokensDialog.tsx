import { useState, type FormEvent } from "react";
import { Modal } from "../ui/Modal";
import { useAsync } from "../ui/useAsync";
import { tokensApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { TokenCreated } from "../api/types";
import { formatModified } from "../drive/format";

/** Personal API tokens: create (shown once), list, revoke. */
export function TokensDialog({ onClose }: { onClose: () => void }) {
  const tokens = useAsync(() => tokensApi.list(), []);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await tokensApi.create(name.trim() || "token"));
      setName("");
      tokens.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function revoke(id: string) {
    try {
      await tokensApi.remove(id);
      tokens.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Modal title="API tokens" onClose={onClose} footer={<button type="button" className="button" onClick={onClose}>Close</button>}>
      <form className="token-form" onSubmit={(e) => void create(e)}>
        <label className="field">
          <span>Token name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. laptop" />
        </label>
        <button type="submit" className="button primary">
          Create token
        </button>
      </form>
      {created && (
        <div className="token-created" role="status">
          <p>Copy this token now; it will not be shown again.</p>
          <code>{created.token}</code>
        </div>
      )}
      {(error ?? tokens.error) && (
        <p className="form-error" role="alert">
          {error ?? tokens.error}
        </p>
      )}
      <ul className="token-list" aria-label="Your tokens">
        {tokens.data?.length === 0 && <li className="muted">No tokens yet.</li>}
        {tokens.data?.map((t) => (
          <li key={t.id}>
            <span className="token-name">{t.name}</span>
            <span className="muted">
              {t.last_used_at ? `last used ${formatModified(t.last_used_at)}` : "never used"}
            </span>
            <button type="button" className="button small" aria-label={`Revoke ${t.name}`} onClick={() => void revoke(t.id)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
