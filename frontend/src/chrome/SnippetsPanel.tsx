import { useId, useState } from "react";
import type { Snippet } from "./snippetsApi";
import { useSnippetSearch } from "./useSnippetSearch";
import "./chrome.css";
import { SearchField } from "./SearchField";

interface Props {
  /** Adds the snippet's cells to the notebook. */
  onInsert: (snippet: Snippet) => void;
}

/** Insert › Code snippets: search the library (typos forgiven), pick one to see it, insert its cells. */
export function SnippetsPanel({ onInsert }: Props) {
  const [query, setQuery] = useState("");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const { results, error, loading } = useSnippetSearch(query);
  const selected = results?.find((snippet) => snippet.id === selectedId) ?? null;
  const headingId = useId();

  return (
    <section className="chrome-snippets" aria-labelledby={headingId}>
      <h2 id={headingId} className="chrome-panel-title">
        Code snippets
      </h2>
      <SearchField label="Search code snippets" placeholder="Filter code snippets" value={query} onChange={setQuery} />
      {error && (
        <p className="chrome-error" role="alert">
          {error}
        </p>
      )}
      {results && results.length === 0 && !loading && !error && <p className="chrome-empty">No snippets match.</p>}
      <ul className="chrome-snippet-list" aria-label="Snippets" aria-busy={loading}>
        {results?.map((snippet) => (
          <li key={snippet.id}>
            <button
              type="button"
              className={`chrome-snippet-title${snippet.id === selectedId ? " active" : ""}`}
              aria-pressed={snippet.id === selectedId}
              onClick={() => setSelectedId(snippet.id === selectedId ? null : snippet.id)}
            >
              {snippet.title}
            </button>
            {snippet.id === selectedId && selected && (
              <div className="chrome-snippet-detail">
                <p>{selected.description}</p>
                <pre className="chrome-snippet-code">
                  <code>{selected.code}</code>
                </pre>
                <button type="button" className="button primary small" onClick={() => onInsert(selected)}>
                  Insert
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
