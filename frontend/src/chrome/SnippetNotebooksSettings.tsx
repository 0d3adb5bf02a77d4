import { useEffect, useState } from "react";
import { errorMessage } from "../api/errors";
import { addSnippetNotebook, listSnippetNotebooks, notebookIdOf, removeSnippetNotebook } from "./snippetsApi";

/** Tools › Settings › Snippet notebooks: Drive notebooks whose Markdown headings become snippets. */
export function SnippetNotebooksSettings() {
  const [ids, setIds] = useState<string[] | null>(null);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listSnippetNotebooks()
      .then((found) => live && setIds(found))
      .catch((reason: unknown) => live && setError(errorMessage(reason)));
    return () => {
      live = false;
    };
  }, []);

  async function change(action: () => Promise<string[]>) {
    setError(null);
    try {
      setIds(await action());
      setDraft("");
    } catch (reason) {
      setError(errorMessage(reason));
    }
  }

  const id = notebookIdOf(draft);
  return (
    <fieldset className="chrome-fieldset">
      <legend>Snippet notebooks</legend>
      <p className="chrome-hint">Each Markdown heading of these Drive notebooks is a snippet in Insert › Code snippets.</p>
      {ids && ids.length === 0 && <p className="chrome-empty">None yet.</p>}
      <ul aria-label="Snippet notebooks">
        {ids?.map((notebookId) => (
          <li key={notebookId}>
            <a href={`/notebooks/${encodeURIComponent(notebookId)}`}>{notebookId}</a>{" "}
            <button
              type="button"
              className="button small"
              aria-label={`Remove ${notebookId}`}
              onClick={() => void change(() => removeSnippetNotebook(notebookId))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <label className="chrome-field">
        Notebook address or id
        <input value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="/notebooks/…" />
      </label>
      <button type="button" className="button small" disabled={!id} onClick={() => void change(() => addSnippetNotebook(id))}>
        Add
      </button>
      {error && (
        <p className="chrome-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
