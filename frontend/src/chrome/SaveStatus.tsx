import "./chrome.css";

export type SaveState = "saving" | "saved" | "offline";

const TEXT: Record<SaveState, string> = {
  saving: "Saving…",
  saved: "All changes saved",
  offline: "Offline — changes will be saved when you reconnect",
};

/** The top bar's save indicator; announced politely to screen readers. */
export function SaveStatus({ state }: { state: SaveState }) {
  return (
    <span className={`chrome-save-status ${state}`} role="status" aria-live="polite" data-state={state}>
      {TEXT[state]}
    </span>
  );
}
