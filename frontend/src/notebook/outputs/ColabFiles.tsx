import { createContext, useContext, useEffect, useState } from "react";
import { api } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { runtimeFilesApi } from "../../runtime/api";
import { fileName } from "../../runtime/filePreview";
import { FilesNavigationContext } from "../../runtime/filesNavigation";
import { uploadToRuntime } from "../../runtime/uploads";
import { NotebookContext } from "../NotebookContext";

/** google.colab's `files.download(path)` puts this into the cell's output (see in_runtime/colab/files.py). */
export const DOWNLOAD_MIME = "application/vnd.collaboratory.download+json";

/** The id of this notebook's runtime for the user of this page (null until connected). */
export const RuntimeIdContext = createContext<string | null>(null);

export interface DownloadRequest {
  id: string;
  /** Relative to the runtime's /content. */
  path: string;
  name: string;
  size: number;
  /** Seconds since the epoch, as the kernel wrote it. */
  requested_at: number;
}

/** A request older than this is history (a reopened notebook): shown, not downloaded again. */
export const FRESH_SECONDS = 120;
const STARTED_KEY = "collaboratory.colab-downloads";

export function downloadRequest(value: unknown): DownloadRequest | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string" || typeof v.path !== "string" || typeof v.name !== "string") return null;
  return {
    id: v.id,
    path: v.path,
    name: v.name,
    size: typeof v.size === "number" ? v.size : 0,
    requested_at: typeof v.requested_at === "number" ? v.requested_at : 0,
  };
}

function started(key: string): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

function claim(key: string, id: string): boolean {
  const seen = started(key);
  if (seen.includes(id)) return false;
  sessionStorage.setItem(key, JSON.stringify([...seen.slice(-99), id]));
  return true;
}

/** True the first time this page's session sees the request (a re-render must not download twice). */
export function claimDownload(id: string): boolean {
  return claim(STARTED_KEY, id);
}

function isFresh(requestedAt: number): boolean {
  return Date.now() / 1000 - requestedAt < FRESH_SECONDS;
}

function formatSize(size: number): string {
  if (size < 1024) return `${size} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * `files.download(path)`: the browser downloads the file from our Files API (same origin, the
 * user's session; the server streams it), started here in the app, never inside an output frame.
 * Only a fresh request starts by itself, once; the link stays for a later download.
 */
export function ColabDownload({ request }: { request: DownloadRequest }) {
  const runtimeId = useContext(RuntimeIdContext);
  const url = runtimeId ? runtimeFilesApi.downloadUrl(runtimeId, request.path) : null;
  useEffect(() => {
    if (!url) return;
    if (!isFresh(request.requested_at) || !claimDownload(request.id)) return;
    const link = document.createElement("a");
    link.href = url;
    link.download = request.name;
    link.rel = "noopener";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }, [url, request.id, request.name, request.requested_at]);
  return (
    <div className="output-colab-download" data-output="download">
      {url ? (
        <a href={url} download={request.name}>
          {request.name}
        </a>
      ) : (
        <span>{request.name}</span>
      )}{" "}
      <span className="output-colab-download-size">({formatSize(request.size)})</span>
    </div>
  );
}

/** google.colab's `files.view(path)` puts this into the cell's output (see in_runtime/colab/files.py). */
export const VIEW_MIME = "application/vnd.collaboratory.view+json";
const VIEWED_KEY = "collaboratory.colab-views";

export interface ViewRequest {
  id: string;
  /** Relative to the runtime's /content ("" is /content itself). */
  path: string;
  name: string;
  /** A file opens in the file viewer, a folder in the Files panel. */
  kind: "file" | "folder";
  /** Seconds since the epoch, as the kernel wrote it. */
  requested_at: number;
}

export function viewRequest(value: unknown): ViewRequest | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string" || typeof v.path !== "string" || (v.kind !== "file" && v.kind !== "folder")) return null;
  return {
    id: v.id,
    path: v.path,
    name: typeof v.name === "string" && v.name !== "" ? v.name : fileName(v.path),
    kind: v.kind,
    requested_at: typeof v.requested_at === "number" ? v.requested_at : 0,
  };
}

/** True the first time this page's session sees the view request (reopening does not open it again). */
export function claimView(id: string): boolean {
  return claim(VIEWED_KEY, id);
}

/**
 * `files.view(path)`: a fresh request opens by itself, once per tab (a file in the file viewer,
 * a folder in the Files panel); the button in the output opens it again. Nothing opens without
 * this user's own runtime (whose Files API serves the file), nor for a read-only viewer.
 */
export function ColabView({ request }: { request: ViewRequest }) {
  const runtimeId = useContext(RuntimeIdContext);
  const navigation = useContext(FilesNavigationContext);
  const notebook = useContext(NotebookContext);
  const readOnly = notebook?.readOnly ?? false;
  const usable = runtimeId !== null && navigation !== null && !readOnly;
  const { id, kind, path, requested_at } = request;
  useEffect(() => {
    if (!usable || !navigation || !isFresh(requested_at) || !claimView(id)) return;
    if (kind === "folder") navigation.showFolder(path);
    else navigation.viewFile(path);
  }, [usable, navigation, id, kind, path, requested_at]);
  const label = `Open ${request.name} in the ${kind === "folder" ? "Files panel" : "file viewer"}`;
  return (
    <div className="output-colab-view" data-output="view">
      <button
        type="button"
        className="link-button"
        disabled={!usable}
        title={usable ? undefined : readOnly ? "Only editors of this notebook can open its runtime's files" : "Connect to the runtime to open it"}
        onClick={() => (kind === "folder" ? navigation?.showFolder(path) : navigation?.viewFile(path))}
      >
        {label}
      </button>
    </div>
  );
}

/** google.colab's `files.upload()` puts this into the cell's output while the cell waits. */
export const UPLOAD_MIME = "application/vnd.collaboratory.upload+json";

export interface UploadRequest {
  id: string;
  /** The folder, relative to the runtime's /content, that the files go into. */
  directory: string;
  /** False for `files.upload_file()`: one file. */
  multiple: boolean;
}

export function uploadRequest(value: unknown): UploadRequest | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string") return null;
  return { id: v.id, directory: typeof v.directory === "string" ? v.directory : "", multiple: v.multiple !== false };
}

type UploadState =
  | { phase: "choosing" }
  | { phase: "sending"; name: string; loaded: number; total: number }
  | { phase: "done"; names: string[] }
  | { phase: "failed"; error: string };

/**
 * `files.upload()`: a file picker in the cell's output. The chosen files go into the runtime one
 * after another through its Files API (with a progress bar), then the waiting cell is told their
 * names and returns `{name: bytes}`. Cancel returns an empty dict.
 */
export function ColabUpload({ request }: { request: UploadRequest }) {
  const runtimeId = useContext(RuntimeIdContext);
  const notebook = useContext(NotebookContext);
  const [state, setState] = useState<UploadState>({ phase: "choosing" });
  const finish = async (names: string[]) => {
    if (!notebook) throw new Error("Not in a notebook.");
    await api.post(`/api/notebooks/${encodeURIComponent(notebook.notebookId)}/colab/uploads/${encodeURIComponent(request.id)}`, {
      files: names,
    });
  };
  const send = async (chosen: readonly File[]) => {
    try {
      if (!runtimeId) throw new Error("The runtime is not connected.");
      const total = chosen.reduce((sum, f) => sum + f.size, 0);
      let done = 0;
      for (const file of chosen) {
        setState({ phase: "sending", name: file.name, loaded: done, total });
        await uploadToRuntime(runtimeId, request.directory, file, (loaded) =>
          setState({ phase: "sending", name: file.name, loaded: done + loaded, total }),
        );
        done += file.size;
      }
      const names = chosen.map((f) => f.name);
      await finish(names);
      setState({ phase: "done", names });
    } catch (err) {
      setState({ phase: "failed", error: errorMessage(err) });
    }
  };
  const disabled = !notebook || notebook.readOnly;
  return (
    <div className="output-colab-upload" data-output="upload">
      {state.phase === "choosing" && (
        <>
          <label>
            <span>{request.multiple ? "Choose files " : "Choose a file "}</span>
            <input
              type="file"
              multiple={request.multiple}
              aria-label={request.multiple ? "Choose files to upload" : "Choose a file to upload"}
              disabled={disabled}
              onChange={(e) => {
                const files = e.currentTarget.files ? Array.from(e.currentTarget.files) : [];
                if (files.length > 0) void send(files);
              }}
            />
          </label>
          <button
            type="button"
            className="button small"
            disabled={disabled}
            onClick={() => void finish([]).then(() => setState({ phase: "done", names: [] }), (err: unknown) => setState({ phase: "failed", error: errorMessage(err) }))}
          >
            Cancel upload
          </button>
        </>
      )}
      {state.phase === "sending" && (
        <div>
          <span>Uploading {state.name}… </span>
          <progress aria-label="Upload progress" max={Math.max(state.total, 1)} value={state.loaded} />
        </div>
      )}
      {state.phase === "done" && <span>{state.names.length > 0 ? `Uploaded ${state.names.join(", ")}` : "Upload cancelled"}</span>}
      {state.phase === "failed" && (
        <span role="alert" className="output-colab-upload-error">
          Upload failed: {state.error}
        </span>
      )}
    </div>
  );
}
