import { createContext, useContext, useEffect } from "react";
import { runtimeFilesApi } from "../../runtime/api";

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

function started(): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STARTED_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** True the first time this page's session sees the request (a re-render must not download twice). */
export function claimDownload(id: string): boolean {
  const seen = started();
  if (seen.includes(id)) return false;
  sessionStorage.setItem(STARTED_KEY, JSON.stringify([...seen.slice(-99), id]));
  return true;
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
    const fresh = Date.now() / 1000 - request.requested_at < FRESH_SECONDS;
    if (!fresh || !claimDownload(request.id)) return;
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
