import { useSyncExternalStore } from "react";
import type { UploadManager } from "./uploadManager";
import { formatBytes, percent } from "./progress";

export function UploadPanel({ manager }: { manager: UploadManager }) {
  const tasks = useSyncExternalStore(manager.subscribe, manager.getSnapshot);
  if (tasks.length === 0) return null;
  const active = tasks.filter((t) => t.state === "uploading").length;
  return (
    <aside className="upload-panel" aria-label="Uploads">
      <header>
        <span>{active > 0 ? `Uploading ${active} file${active === 1 ? "" : "s"}` : "Uploads complete"}</span>
        {active === 0 && (
          <button type="button" className="link-button" onClick={() => manager.clearFinished()}>
            Clear
          </button>
        )}
      </header>
      <ul>
        {tasks.map((t) => {
          const pct = percent(t.loaded, t.total);
          return (
            <li key={t.id} className={`upload-task upload-${t.state}`} data-state={t.state}>
              <div className="upload-line">
                <span className="upload-name" title={t.name}>
                  {t.name}
                </span>
                <span className="upload-status">
                  {t.state === "uploading" && `${pct}% of ${formatBytes(t.total)}`}
                  {t.state === "done" && "Done"}
                  {t.state === "error" && "Failed"}
                </span>
                {t.state !== "uploading" && (
                  <button type="button" className="icon-button small" aria-label={`Dismiss ${t.name}`} onClick={() => manager.dismiss(t.id)}>
                    ×
                  </button>
                )}
              </div>
              <div
                className="progress"
                role="progressbar"
                aria-label={`Upload of ${t.name}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={t.state === "done" ? 100 : pct}
              >
                <div className="progress-fill" style={{ width: `${t.state === "done" ? 100 : pct}%` }} />
              </div>
              {t.item?.notes?.map((note) => (
                <p key={note} className="upload-note">
                  {note}
                </p>
              ))}
              {t.error && (
                <p className="upload-error" role="alert">
                  {t.error}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
