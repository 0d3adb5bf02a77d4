import { useContext, useRef, useState, type DragEvent } from "react";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { NameDialog } from "../ui/NameDialog";
import type { RuntimeFile } from "./api";
import { FileList } from "./FileList";
import { FilesNavigationContext, type FolderRequest } from "./filesNavigation";
import { Spinner } from "./icons";
import { FilesToolbar } from "./FilesToolbar";
import { UploadList } from "./UploadList";
import { isConnected, statusLabel } from "./status";
import { useUploads } from "./uploads";
import type { RuntimeController } from "./useRuntime";
import { useRuntimeFiles } from "./useRuntimeFiles";
import "./runtime.css";

/**
 * Colab's Files side panel: the runtime's /content (session storage, gone with the runtime).
 * `request` (from the page: files.view of a folder) opens it at that folder.
 */
export function FilesPanel({ controller, request = null }: { controller: RuntimeController; request?: FolderRequest | null }) {
  const connected = isConnected(controller.status) && controller.runtime !== null;
  return (
    <section className="files-panel" aria-label="Files">
      <h2 className="files-title visually-hidden">Files</h2>
      {connected && controller.runtime ? (
        <ConnectedFiles runtimeId={controller.runtime.id} request={request} />
      ) : (
        <div className="files-disconnected">
          <p>Connect to a runtime to browse its files.</p>
          {controller.status === "disconnected" || controller.status === "dead" ? (
            <button type="button" className="button primary" onClick={() => void controller.connect()}>
              Connect
            </button>
          ) : (
            <p className="files-pending" role="status">
              <Spinner />
              {statusLabel(controller.status, controller.runtime)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function ConnectedFiles({ runtimeId, request }: { runtimeId: string; request: FolderRequest | null }) {
  const files = useRuntimeFiles(runtimeId, request);
  const navigation = useContext(FilesNavigationContext);
  const { uploads, start, dismiss } = useUploads(() => void files.reload());
  const [showHidden, setShowHidden] = useState(false);
  const [deleting, setDeleting] = useState<RuntimeFile | null>(null);
  const [naming, setNaming] = useState(false);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const visible = (files.entries ?? []).filter((e) => showHidden || !e.name.startsWith("."));

  function drop(ev: DragEvent) {
    ev.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    const dropped = Array.from(ev.dataTransfer.files);
    if (dropped.length > 0) void start(runtimeId, files.path, dropped);
  }

  return (
    <div
      className={`files-body${dragging ? " dragging" : ""}`}
      onDragEnter={(ev) => {
        ev.preventDefault();
        dragDepth.current += 1;
        setDragging(true);
      }}
      onDragOver={(ev) => ev.preventDefault()}
      onDragLeave={() => {
        dragDepth.current -= 1;
        if (dragDepth.current <= 0) setDragging(false);
      }}
      onDrop={drop}
    >
      <FilesToolbar
        path={files.path}
        loading={files.loading}
        showHidden={showHidden}
        onOpen={files.open}
        onUpload={(chosen) => void start(runtimeId, files.path, chosen)}
        onNewFolder={() => setNaming(true)}
        onRefresh={() => void files.reload()}
        onToggleHidden={() => setShowHidden((s) => !s)}
      />
      <UploadList uploads={uploads} onDismiss={dismiss} />
      {files.error && (
        <p className="form-error" role="alert">
          {files.error}
        </p>
      )}
      {files.entries === null && !files.error ? (
        <p className="runtime-muted">Loading…</p>
      ) : (
        <FileList
          runtimeId={runtimeId}
          entries={visible}
          onOpen={files.open}
          onDelete={setDeleting}
          onView={navigation ? (entry) => navigation.viewFile(entry.path) : undefined}
        />
      )}
      <p className="files-note">Files here are deleted when the runtime is deleted.</p>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          message={
            deleting.kind === "directory"
              ? `The folder ${deleting.path} and everything in it will be deleted from the runtime.`
              : `${deleting.path} will be deleted from the runtime.`
          }
          confirmLabel="Delete"
          onConfirm={() => files.remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
      {naming && (
        <NameDialog
          title="New folder"
          label="Folder name"
          initial=""
          submitLabel="Create"
          onSubmit={files.makeFolder}
          onClose={() => setNaming(false)}
        />
      )}
    </div>
  );
}
