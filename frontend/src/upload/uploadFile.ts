import { ApiError } from "../api/errors";
import type { DriveItem, UploadSession } from "../api/types";
import { cumulativeLoaded, planChunks } from "./progress";
import type { Transport } from "./transport";

export interface UploadLimits {
  maxUploadBytes: number;
  chunkBytes: number;
}

export interface UploadOptions {
  parent: string | null;
  limits: UploadLimits;
  transport: Transport;
  /** Called with cumulative bytes sent for the whole file. */
  onProgress?: (loaded: number, total: number) => void;
}

/** Uploads one file: a single multipart request when small, else a chunked upload session. */
export async function uploadFile(file: File, opts: UploadOptions): Promise<DriveItem> {
  const { limits } = opts;
  if (limits.maxUploadBytes > 0 && file.size > limits.maxUploadBytes) {
    throw new ApiError(413, "too_large", `${file.name} is larger than the upload limit.`);
  }
  if (limits.chunkBytes > 0 && file.size > limits.chunkBytes) {
    return uploadChunked(file, opts);
  }
  const form = new FormData();
  form.append("file", file, file.name);
  if (opts.parent) form.append("parent", opts.parent);
  const item = (await opts.transport({ method: "POST", url: "/api/drive/upload", body: form }, (loaded) =>
    opts.onProgress?.(Math.min(loaded, file.size), file.size),
  )) as DriveItem;
  opts.onProgress?.(file.size, file.size);
  return item;
}

async function uploadChunked(file: File, opts: UploadOptions): Promise<DriveItem> {
  const { transport } = opts;
  const start = { name: file.name, size: file.size, parent: opts.parent };
  let session = (await transport({
    method: "POST",
    url: "/api/drive/uploads",
    body: JSON.stringify(start),
    headers: { "Content-Type": "application/json" },
  })) as UploadSession;
  const chunkBytes = session.chunk_bytes > 0 ? session.chunk_bytes : opts.limits.chunkBytes;
  const sessionUrl = `/api/drive/uploads/${encodeURIComponent(session.id)}`;
  try {
    let offset = session.received;
    while (offset < file.size) {
      const [chunk] = planChunks(file.size, chunkBytes, offset);
      if (!chunk) break;
      session = (await transport(
        {
          method: "PUT",
          url: `${sessionUrl}?offset=${chunk.offset}`,
          body: file.slice(chunk.offset, chunk.end),
          headers: { "Content-Type": "application/octet-stream" },
        },
        (loaded) => opts.onProgress?.(cumulativeLoaded(chunk, loaded), file.size),
      )) as UploadSession;
      if (session.received <= offset) {
        throw new ApiError(0, "upload_stalled", `The server did not accept the data of ${file.name}.`);
      }
      offset = session.received;
      opts.onProgress?.(offset, file.size);
    }
  } catch (err) {
    transport({ method: "DELETE", url: sessionUrl }).catch(() => undefined);
    throw err;
  }
  if (!session.item) {
    throw new ApiError(0, "upload_incomplete", `The server did not finish storing ${file.name}.`);
  }
  return session.item;
}
