import type { RuntimeFile } from "./api";
import { runtimeFilesApi } from "./api";
import { FileIcon, FolderIcon } from "./icons";
import { formatBytes } from "./status";

interface Props {
  runtimeId: string;
  entries: RuntimeFile[];
  onOpen: (path: string) => void;
  onDelete: (entry: RuntimeFile) => void;
  /** Shows a file in the file viewer (a click on its name); without it, names are plain text. */
  onView?: (entry: RuntimeFile) => void;
}

/** The folder's entries: folders open on click, files open in the viewer; files can be downloaded; both can be deleted. */
export function FileList({ runtimeId, entries, onOpen, onDelete, onView }: Props) {
  if (entries.length === 0) return <p className="runtime-muted files-empty">This folder is empty.</p>;
  return (
    <ul className="files-list" aria-label="Files">
      {entries.map((entry) => (
        <li key={entry.path} className="files-row">
          {entry.kind === "directory" ? <FolderIcon /> : <FileIcon />}
          {entry.kind === "directory" ? (
            <button type="button" className="files-name link" onClick={() => onOpen(entry.path)}>
              {entry.name}
            </button>
          ) : onView ? (
            <button
              type="button"
              className="files-name link"
              title={`${entry.name}, ${formatBytes(entry.size)}`}
              onClick={() => onView(entry)}
            >
              {entry.name}
            </button>
          ) : (
            <span className="files-name" title={`${entry.name}, ${formatBytes(entry.size)}`}>
              {entry.name}
            </span>
          )}
          <span className="files-size">{entry.kind === "file" ? formatBytes(entry.size) : ""}</span>
          <span className="files-actions">
            {entry.kind === "file" && (
              <a
                className="files-action"
                href={runtimeFilesApi.downloadUrl(runtimeId, entry.path)}
                download={entry.name}
                aria-label="Download"
                title={`Download ${entry.name}`}
              >
                <DownloadGlyph />
              </a>
            )}
            <button type="button" className="files-action" aria-label="Delete" title={`Delete ${entry.name}`} onClick={() => onDelete(entry)}>
              <DeleteGlyph />
            </button>
          </span>
        </li>
      ))}
    </ul>
  );
}

function DownloadGlyph() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
      <path fill="currentColor" d="M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z" />
    </svg>
  );
}

function DeleteGlyph() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
      <path fill="currentColor" d="M6 19a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z" />
    </svg>
  );
}
