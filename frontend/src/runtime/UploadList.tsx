import { percent } from "../upload/progress";
import type { UploadProgress } from "./uploads";

/** One progress bar per upload; finished ones can be dismissed, failed ones say why. */
export function UploadList({ uploads, onDismiss }: { uploads: UploadProgress[]; onDismiss: (id: number) => void }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="files-uploads" aria-label="Uploads">
      {uploads.map((u) => {
        const done = percent(u.loaded, u.total);
        return (
          <li key={u.id} className={`files-upload ${u.state}`}>
            <span className="files-upload-name">{u.name}</span>
            <progress max={100} value={done} aria-label={`Uploading ${u.name}`}>
              {done}%
            </progress>
            <span className="files-upload-state">{u.state === "sending" ? `${done}%` : u.state === "done" ? "Uploaded" : u.error}</span>
            {u.state !== "sending" && (
              <button type="button" className="files-action" aria-label={`Dismiss ${u.name}`} onClick={() => onDismiss(u.id)}>
                ×
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
