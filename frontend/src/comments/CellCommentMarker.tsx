import { useCommentsStore } from "./CommentsContext";
import { openThreadsByCell, useComments, type CommentsStore } from "./CommentsStore";

function Marker({ store, cellId, active }: { store: CommentsStore; cellId: string; active: boolean }) {
  const { threads } = useComments(store);
  const open = openThreadsByCell(threads).get(cellId) ?? 0;
  if (open === 0 && !(active && store.canComment)) return null;
  const label = open === 0 ? "Add a comment" : `${open} comment${open === 1 ? "" : "s"}`;
  return (
    <button
      type="button"
      className={`cell-comment-marker${open > 0 ? " has-comments" : ""}`}
      aria-label={label}
      title={label}
      onMouseDown={(e) => e.stopPropagation()}
      onClick={(e) => {
        e.stopPropagation();
        store.openPanel(cellId);
      }}
    >
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="currentColor">
        <path d="M21.99 4c0-1.1-.89-2-1.99-2H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h14l4 4-.01-18z" />
      </svg>
      {open > 0 && <span className="cell-comment-count">{open}</span>}
    </button>
  );
}

/** In a cell's margin: how many open comment threads it has (opens them), or "Add a comment". */
export function CellCommentMarker({ cellId, active }: { cellId: string; active: boolean }) {
  const store = useCommentsStore();
  return store ? <Marker store={store} cellId={cellId} active={active} /> : null;
}

/** The header's *Comments* button: opens or closes the comments panel. */
export function CommentsButton() {
  const store = useCommentsStore();
  if (!store) return null;
  return <HeaderButton store={store} />;
}

function HeaderButton({ store }: { store: CommentsStore }) {
  const { threads, panel } = useComments(store);
  const open = threads.filter((t) => !t.resolved).length;
  return (
    <button type="button" className="button nb-comments-button" aria-pressed={panel !== null} onClick={() => store.togglePanel()}>
      Comments{open > 0 ? ` (${open})` : ""}
    </button>
  );
}
