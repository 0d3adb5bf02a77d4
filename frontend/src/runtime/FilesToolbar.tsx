import { useRef } from "react";
import { pathCrumbs } from "./paths";

interface Props {
  path: string;
  loading: boolean;
  showHidden: boolean;
  onOpen: (path: string) => void;
  onUpload: (files: File[]) => void;
  onNewFolder: () => void;
  onRefresh: () => void;
  onToggleHidden: () => void;
}

/** Upload / New folder / Refresh / hidden files, and the breadcrumbs of the open folder. */
export function FilesToolbar({ path, loading, showHidden, onOpen, onUpload, onNewFolder, onRefresh, onToggleHidden }: Props) {
  const picker = useRef<HTMLInputElement>(null);
  const crumbs = pathCrumbs(path);
  return (
    <>
      <div className="files-toolbar" role="toolbar" aria-label="File actions">
        <button type="button" className="files-tool" title="Upload to session storage" aria-label="Upload to session storage" onClick={() => picker.current?.click()}>
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
            <path fill="currentColor" d="M9 16h6v-6h4l-7-7-7 7h4v6zm-4 2h14v2H5v-2z" />
          </svg>
        </button>
        <button type="button" className="files-tool" title="New folder" aria-label="New folder" onClick={onNewFolder}>
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
            <path fill="currentColor" d="M20 6h-8l-2-2H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2zm-1 8h-3v3h-2v-3h-3v-2h3V9h2v3h3v2z" />
          </svg>
        </button>
        <button type="button" className="files-tool" title="Refresh" aria-label="Refresh" disabled={loading} onClick={onRefresh}>
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
            <path fill="currentColor" d="M17.65 6.35A7.96 7.96 0 0 0 12 4a8 8 0 1 0 7.73 10h-2.08A6 6 0 1 1 12 6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z" />
          </svg>
        </button>
        <button type="button" className="files-tool" title="Show hidden files" aria-label="Show hidden files" aria-pressed={showHidden} onClick={onToggleHidden}>
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
            <path fill="currentColor" d="M12 4.5C7 4.5 2.73 7.61 1 12c1.73 4.39 6 7.5 11 7.5s9.27-3.11 11-7.5c-1.73-4.39-6-7.5-11-7.5zM12 17a5 5 0 1 1 0-10 5 5 0 0 1 0 10zm0-8a3 3 0 1 0 0 6 3 3 0 0 0 0-6z" />
          </svg>
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="runtime-file-input"
          onChange={(ev) => {
            const chosen = Array.from(ev.target.files ?? []);
            ev.target.value = "";
            if (chosen.length > 0) onUpload(chosen);
          }}
        />
      </div>
      <nav className="files-crumbs" aria-label="Folder path">
        <ol>
          {crumbs.map((crumb, i) => (
            <li key={crumb.path}>
              {i === crumbs.length - 1 ? (
                <span aria-current="location">{crumb.name}</span>
              ) : (
                <button type="button" className="link" onClick={() => onOpen(crumb.path)}>
                  {crumb.name}
                </button>
              )}
            </li>
          ))}
        </ol>
      </nav>
    </>
  );
}
