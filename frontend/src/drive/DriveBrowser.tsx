import { useCallback, useEffect, useState } from "react";
import { driveApi } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import type { DriveItem } from "../api/types";
import { useAsync } from "../ui/useAsync";
import { folderPath, navigate, notebookPath } from "../app/router";
import type { UploadManager } from "../upload/uploadManager";
import { UploadPanel } from "../upload/UploadPanel";
import { Breadcrumbs } from "./Breadcrumbs";
import { DriveDialogs, type DialogState } from "./DriveDialogs";
import { DriveList } from "./DriveList";
import type { RowAction } from "./DriveRow";
import { DriveToolbar } from "./DriveToolbar";
import { useDropZone } from "./useDropZone";

interface Props {
  folder: string | null;
  trash: boolean;
  /** "Shared with me": what others shared with me by name. */
  shared?: boolean;
  uploads: UploadManager;
}

function crumbsOwner(path: DriveItem[] | null | undefined): boolean | undefined {
  const here = path?.[path.length - 1];
  return here ? here.role === "owner" : undefined;
}

export function DriveBrowser({ folder, trash, shared = false, uploads }: Props) {
  const items = useAsync(
    () => (trash ? driveApi.listTrash() : shared ? driveApi.shared() : driveApi.list(folder)),
    [folder, trash, shared],
  );
  const path = useAsync(async () => (folder && !trash ? driveApi.path(folder) : []), [folder, trash]);
  // In a folder someone shared with me, nothing can be added: it is not my Drive.
  const mine = !shared && (crumbsOwner(path.data) ?? true);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const reload = items.reload;
  useEffect(() => setMessage(null), [folder, trash, shared]);

  const upload = useCallback(
    (files: File[]) => {
      setMessage(null);
      void uploads.add(files, folder, () => reload());
    },
    [uploads, folder, reload],
  );
  const drop = useDropZone(upload, !trash && mine);

  const open = (item: DriveItem) => {
    if (item.kind === "folder") navigate(folderPath(item.id));
    else if (item.kind === "notebook") navigate(notebookPath(item.id));
  };

  async function run(task: () => Promise<unknown>, done?: string) {
    try {
      await task();
      setMessage(done ?? null);
    } catch (err) {
      setMessage(errorMessage(err));
    }
    reload();
  }

  const onAction = (action: RowAction, item: DriveItem) => {
    switch (action) {
      case "share":
      case "rename":
      case "move":
      case "deleteForever":
        setDialog({ kind: action, item });
        break;
      case "delete":
        void run(() => driveApi.trash(item.id), `"${item.name}" moved to Trash.`);
        break;
      case "restore":
        void run(() => driveApi.restore(item.id), `"${item.name}" restored.`);
        break;
    }
  };

  async function newNotebook() {
    setCreating(true);
    try {
      const nb = await driveApi.create("notebook", folder);
      navigate(notebookPath(nb.id));
    } catch (err) {
      setMessage(errorMessage(err));
      setCreating(false);
    }
  }

  // The path endpoint includes the folder itself as the last element.
  const crumbs = path.data ?? [];
  return (
    <section className={`drive${drop.active ? " drop-active" : ""}`} {...drop.handlers} data-testid="drive-drop-zone">
      {!trash && mine && (
        <DriveToolbar onNewNotebook={() => void newNotebook()} onNewFolder={() => setDialog({ kind: "newFolder" })} onUpload={upload} busy={creating} />
      )}
      {trash || shared ? (
        <h1 className="drive-heading">{trash ? "Trash" : "Shared with me"}</h1>
      ) : (
        <Breadcrumbs path={crumbs} {...(mine ? {} : { root: "Shared with me", rootHref: "/drive/shared" })} />
      )}
      {message && (
        <div className="status-message" role="status">
          {message}
          <button type="button" className="icon-button small" aria-label="Dismiss message" onClick={() => setMessage(null)}>
            ×
          </button>
        </div>
      )}
      {items.error && (
        <div className="error-banner" role="alert">
          {items.error}
        </div>
      )}
      {items.data && <DriveList items={items.data} trash={trash} onOpen={open} onAction={onAction} />}
      {!items.data && items.loading && <p className="loading">Loading…</p>}
      {drop.active && (
        <div className="drop-overlay" aria-hidden="true">
          Drop files to upload them to {crumbs.length > 0 ? crumbs[crumbs.length - 1]?.name : "My Drive"}
        </div>
      )}
      <DriveDialogs
        dialog={dialog}
        folder={folder}
        onClose={() => setDialog(null)}
        onChanged={(msg) => {
          setMessage(msg ?? null);
          reload();
        }}
      />
      <UploadPanel manager={uploads} />
    </section>
  );
}
