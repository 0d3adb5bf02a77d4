import { useState } from "react";
import { errorMessage } from "../api/errors";
import { secretsApi } from "./api";
import "./secrets.css";

/**
 * Colab's *Notebook access* prompt, in the cell whose `userdata.get(name)` waits on it: Grant lets
 * the notebook read the secret (the waiting call then returns it), Deny raises NotebookAccessError.
 */
export function AccessPrompt({ notebookId, secret }: { notebookId: string; secret: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const answer = (granted: boolean) => {
    setBusy(true);
    secretsApi
      .setAccess(secret, notebookId, granted)
      .catch((err: unknown) => {
        setError(errorMessage(err));
        setBusy(false);
      });
  };
  return (
    <div className="access-prompt" role="alertdialog" aria-label="Grant access?">
      <strong>Grant access?</strong>
      <p>
        This notebook is asking for your secret <code>{secret}</code>. Give it <em>Notebook access</em>? Only cells you run can
        read it.
      </p>
      {error && <p className="secrets-error" role="alert">{error}</p>}
      <div className="access-prompt-actions">
        <button type="button" className="button small" disabled={busy} onClick={() => answer(false)}>
          Deny
        </button>
        <button type="button" className="button primary small" disabled={busy} onClick={() => answer(true)}>
          Grant access
        </button>
      </div>
    </div>
  );
}
