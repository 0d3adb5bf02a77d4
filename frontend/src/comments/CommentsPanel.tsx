import { useState, useSyncExternalStore, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import { cellKind } from "../notebook/model/cells";
import { useNotebookCells } from "../notebook/model/hooks";
import { useNotebookContext } from "../notebook/NotebookContext";
import type { CommentThread } from "./commentsApi";
import { useComments, type CommentsStore } from "./CommentsStore";
import "./comments.css";

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function Compose({ label, action, onSubmit }: { label: string; action: string; onSubmit(body: string): Promise<void> }) {
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(null);
    onSubmit(body)
      .then(() => setBody(""))
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="comment-compose" onSubmit={submit}>
      <textarea
        aria-label={label}
        placeholder={label}
        value={body}
        rows={2}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
        }}
      />
      {error && (
        <p className="comment-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button small primary" disabled={!body.trim() || busy}>
        {action}
      </button>
    </form>
  );
}

function Thread({ thread, cellLabel, store, onJump }: { thread: CommentThread; cellLabel: string; store: CommentsStore; onJump(): void }) {
  const [error, setError] = useState<string | null>(null);
  const toggle = () => {
    setError(null);
    store.resolve(thread.id, !thread.resolved).catch((err: unknown) => setError(errorMessage(err)));
  };
  return (
    <article className={`comment-thread${thread.resolved ? " resolved" : ""}`} aria-label={`Comments on ${cellLabel}`}>
      <header className="comment-thread-head">
        <button type="button" className="link-button" onClick={onJump}>
          {cellLabel}
        </button>
        {thread.resolved && <span className="comment-resolved">Resolved{thread.resolved_by ? ` by ${thread.resolved_by}` : ""}</span>}
        {store.canComment && (
          <button type="button" className="button small" onClick={toggle}>
            {thread.resolved ? "Reopen" : "Resolve"}
          </button>
        )}
      </header>
      <ol className="comment-list">
        {thread.comments.map((c) => (
          <li key={c.id} className="comment">
            <div className="comment-meta">
              <strong>{c.author}</strong> <time dateTime={c.created_at}>{when(c.created_at)}</time>
            </div>
            <p className="comment-body">{c.body}</p>
          </li>
        ))}
      </ol>
      {error && (
        <p className="comment-error" role="alert">
          {error}
        </p>
      )}
      {store.canComment && !thread.resolved && <Compose label="Reply" action="Reply" onSubmit={(body) => store.reply(thread.id, body)} />}
    </article>
  );
}

/** The comments panel beside the cells: threads by cell order, new comments on a cell, replies. */
export function CommentsPanel({ store }: { store: CommentsStore }) {
  const { controller } = useNotebookContext();
  const cells = useNotebookCells(controller.model);
  const selection = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const { threads, panel, loaded } = useComments(store);
  const [showResolved, setShowResolved] = useState(false);
  if (!panel) return null;

  const position = new Map(cells.map((cell, index) => [cell.getId(), index]));
  const labelOf = (cellId: string) => {
    const index = position.get(cellId);
    const cell = index === undefined ? undefined : cells[index];
    if (index === undefined || !cell) return "a deleted cell";
    return `${cellKind(cell) === "code" ? "Code" : "Text"} cell ${index + 1}`;
  };
  const target = panel.cellId ?? selection.activeId;
  const shown = threads
    .filter((t) => (panel.cellId === null || t.cell_id === panel.cellId) && (showResolved || !t.resolved))
    .sort((a, b) => (position.get(a.cell_id) ?? Infinity) - (position.get(b.cell_id) ?? Infinity));

  return (
    <aside className="nb-comments-panel" aria-label="Comments">
      <div className="nb-side-head">
        <h2>Comments</h2>
        <button type="button" className="icon-button small" aria-label="Close Comments" onClick={() => store.closePanel()}>
          ×
        </button>
      </div>
      <div className="comments-filters">
        {panel.cellId !== null && (
          <button type="button" className="link-button" onClick={() => store.openPanel(null)}>
            All comments
          </button>
        )}
        <label>
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> Show resolved
        </label>
      </div>
      {store.canComment && target !== null && position.has(target) && (
        <section className="comment-new" aria-label="New comment">
          <h3>On {labelOf(target)}</h3>
          <Compose label="Comment" action="Comment" onSubmit={(body) => store.start(target, body).then(() => undefined)} />
        </section>
      )}
      {store.canComment && (target === null || !position.has(target)) && <p className="comments-hint">Select a cell to comment on it.</p>}
      {!store.canComment && <p className="comments-hint">You can read comments; ask the owner to make you a commenter to add some.</p>}
      {loaded && shown.length === 0 && <p className="comments-hint">No {showResolved ? "" : "open "}comments{panel.cellId !== null ? " on this cell" : ""}.</p>}
      {shown.map((t) => (
        <Thread key={t.id} thread={t} cellLabel={labelOf(t.cell_id)} store={store} onJump={() => controller.select(t.cell_id, "command")} />
      ))}
    </aside>
  );
}
