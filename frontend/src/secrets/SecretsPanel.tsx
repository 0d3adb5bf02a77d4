import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "../api/errors";
import { useNotebookContext } from "../notebook/NotebookContext";
import { Switch } from "../ui/Switch";
import { onSecretsChanged, secretsApi, type SecretInfo } from "./api";
import "./secrets.css";

const MASK = "••••••••••";

/** One secret: *Notebook access*, its name, its value (masked until revealed), delete. */
function SecretRow({ secret, notebookId, onError }: { secret: SecretInfo; notebookId: string; onError(error: unknown): void }) {
  const [value, setValue] = useState<string | null>(null); // null: not loaded, shown masked
  const [revealed, setRevealed] = useState(false);
  const [dirty, setDirty] = useState(false);
  const toggleReveal = () => {
    if (revealed) return setRevealed(false);
    if (value !== null) return setRevealed(true);
    secretsApi
      .reveal(secret.name)
      .then((loaded) => {
        setValue(loaded);
        setRevealed(true);
      })
      .catch(onError);
  };
  const save = () => {
    if (!dirty || value === null) return;
    setDirty(false);
    secretsApi.put(secret.name, value).catch(onError);
  };
  return (
    <li className="secret-row">
      <Switch
        label={`Notebook access for ${secret.name}`}
        checked={secret.notebook_access === true}
        onChange={(granted) => void secretsApi.setAccess(secret.name, notebookId, granted).catch(onError)}
      />
      <span className="secret-name" title={secret.name}>
        {secret.name}
      </span>
      <input
        className="secret-value"
        aria-label={`Value of ${secret.name}`}
        type={revealed ? "text" : "password"}
        placeholder={MASK}
        value={value ?? ""}
        autoComplete="off"
        onChange={(event) => {
          setValue(event.target.value);
          setDirty(true);
        }}
        onBlur={save}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === "Enter") save();
        }}
      />
      <button type="button" className="icon-button small" aria-label={`${revealed ? "Hide" : "Show"} value of ${secret.name}`} aria-pressed={revealed} onClick={toggleReveal}>
        <svg viewBox="0 0 24 24" width="18" height="18" fill="currentColor" aria-hidden="true">
          <path d={revealed ? "M12 7c2.76 0 5 2.24 5 5 0 .65-.13 1.26-.36 1.83l2.92 2.92c1.51-1.26 2.7-2.89 3.43-4.75-1.73-4.39-6-7.5-11-7.5-1.4 0-2.74.25-3.98.7l2.16 2.16C10.74 7.13 11.35 7 12 7zM2 4.27l2.28 2.28.46.46A11.8 11.8 0 001 12c1.73 4.39 6 7.5 11 7.5 1.55 0 3.03-.3 4.38-.84l.42.42L19.73 22 21 20.73 3.27 3 2 4.27z" : "M12 4.5C7 4.5 2.73 7.61 1 12c1.73 4.39 6 7.5 11 7.5s9.27-3.11 11-7.5c-1.73-4.39-6-7.5-11-7.5zM12 17c-2.76 0-5-2.24-5-5s2.24-5 5-5 5 2.24 5 5-2.24 5-5 5zm0-8c-1.66 0-3 1.34-3 3s1.34 3 3 3 3-1.34 3-3-1.34-3-3-3z"} />
        </svg>
      </button>
      <button type="button" className="icon-button small" aria-label={`Delete secret ${secret.name}`} onClick={() => void secretsApi.remove(secret.name).catch(onError)}>
        <svg viewBox="0 0 24 24" width="18" height="18" fill="currentColor" aria-hidden="true">
          <path d="M6 19c0 1.1.9 2 2 2h8c1.1 0 2-.9 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z" />
        </svg>
      </button>
    </li>
  );
}

/** A new secret: its name and value, added with *Add*. */
function NewSecret({ onDone, onError }: { onDone(): void; onError(error: unknown): void }) {
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const valid = name.trim() !== "" && !/\s/.test(name.trim());
  const add = () => {
    if (!valid) return;
    secretsApi
      .put(name.trim(), value)
      .then(onDone)
      .catch(onError);
  };
  return (
    <form
      className="secret-new"
      onSubmit={(event) => {
        event.preventDefault();
        add();
      }}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <input aria-label="Name" placeholder="Name" value={name} autoComplete="off" onChange={(event) => setName(event.target.value)} />
      <input aria-label="Value" placeholder="Value" type="password" value={value} autoComplete="off" onChange={(event) => setValue(event.target.value)} />
      <button type="submit" className="button primary small" disabled={!valid}>
        Add
      </button>
      <button type="button" className="button small" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

/** Colab's *Secrets* side panel: the user's secrets for `userdata.get`, and this notebook's access. */
export function SecretsPanel({ notebookId }: { notebookId: string }) {
  const [secrets, setSecrets] = useState<SecretInfo[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const report = useCallback((err: unknown) => setError(errorMessage(err)), []);
  const load = useCallback(() => {
    secretsApi
      .list(notebookId)
      .then((list) => {
        setSecrets(list);
        setError(null);
      })
      .catch(report);
  }, [notebookId, report]);
  useEffect(() => {
    load();
    return onSecretsChanged(load);
  }, [load]);
  return (
    <section className="secrets-panel" aria-label="Secrets">
      <p className="secrets-hint">
        Keep API keys and passwords here, not in the notebook. They are private to you; read them in a cell with{" "}
        <code>userdata.get(name)</code> once this notebook has access.
      </p>
      {error && (
        <p className="secrets-error" role="alert">
          {error}
        </p>
      )}
      {secrets === null ? (
        <p className="secrets-hint">Loading…</p>
      ) : (
        <ul className="secret-list" aria-label="Your secrets">
          {secrets.map((secret) => (
            <SecretRow key={secret.name} secret={secret} notebookId={notebookId} onError={report} />
          ))}
        </ul>
      )}
      {adding ? (
        <NewSecret onDone={() => setAdding(false)} onError={report} />
      ) : (
        <button type="button" className="button small" onClick={() => setAdding(true)}>
          + Add new secret
        </button>
      )}
      <pre className="secrets-usage">{"from google.colab import userdata\nuserdata.get('secretName')"}</pre>
    </section>
  );
}

/** The Secrets panel of the open notebook. */
export function NotebookSecretsPanel() {
  return <SecretsPanel notebookId={useNotebookContext().notebookId} />;
}
