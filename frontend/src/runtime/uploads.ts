// Uploads into the runtime's /content with progress (XMLHttpRequest: fetch reports none).
import { useCallback, useRef, useState } from "react";
import { errorMessage } from "../api/errors";
import { xhrTransport, type Transport } from "../upload/transport";
import { runtimeFilesApi, type RuntimeFile } from "./api";

/** How long a finished upload's bar stays (failed ones stay until dismissed). */
export const DONE_VISIBLE_MS = 4000;

export interface UploadProgress {
  id: number;
  name: string;
  loaded: number;
  total: number;
  state: "sending" | "done" | "failed";
  error: string | null;
}

/** Files larger than this go in chunks of this size (one request each; memory stays bounded). */
export const CHUNK_BYTES = 16 * 1024 * 1024;

function newUploadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A large file, slice after slice, each at the offset the server has reached. */
async function uploadInChunks(
  runtimeId: string,
  directory: string,
  file: File,
  onProgress: (loaded: number) => void,
  transport: Transport,
  chunkBytes: number,
): Promise<RuntimeFile> {
  const uploadId = newUploadId();
  let offset = 0;
  for (;;) {
    const end = Math.min(offset + chunkBytes, file.size);
    const url = runtimeFilesApi.chunkUrl(runtimeId, uploadId, directory, file.name, offset, file.size);
    const start = offset;
    const headers = { "Content-Type": "application/octet-stream" };
    const answer = (await transport({ method: "PUT", url, body: file.slice(start, end), headers }, (loaded) =>
      onProgress(Math.min(start + loaded, file.size)),
    )) as { received: number; file: RuntimeFile | null };
    offset = answer.received;
    onProgress(offset);
    if (answer.file) return answer.file;
    if (offset <= start) throw new Error("The server took none of the chunk.");
  }
}

export function uploadToRuntime(
  runtimeId: string,
  directory: string,
  file: File,
  onProgress: (loaded: number) => void,
  transport: Transport = xhrTransport(),
  chunkBytes: number = CHUNK_BYTES,
): Promise<RuntimeFile> {
  if (file.size > chunkBytes) return uploadInChunks(runtimeId, directory, file, onProgress, transport, chunkBytes);
  const form = new FormData();
  form.append("file", file, file.name);
  const url = runtimeFilesApi.uploadUrl(runtimeId, directory);
  // The body is the file plus a little multipart framing: never report more than the file.
  const report = (loaded: number) => onProgress(Math.min(loaded, file.size));
  return transport({ method: "POST", url, body: form }, report) as Promise<RuntimeFile>;
}

/** Uploads the files one after another, tracking each; `onUploaded` runs after each success. */
export function useUploads(onUploaded: () => void, transport?: Transport) {
  const [uploads, setUploads] = useState<UploadProgress[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setUploads((all) => all.filter((u) => u.id !== id)), []);
  const update = (id: number, change: Partial<UploadProgress>) =>
    setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...change } : u)));

  const start = useCallback(
    async (runtimeId: string, directory: string, files: readonly File[]) => {
      const queued = files.map((file) => ({ file, id: nextId.current++ }));
      setUploads((all) => [
        ...all,
        ...queued.map(({ file, id }) => ({ id, name: file.name, loaded: 0, total: file.size, state: "sending" as const, error: null })),
      ]);
      for (const { file, id } of queued) {
        try {
          await uploadToRuntime(runtimeId, directory, file, (loaded) => update(id, { loaded }), transport);
          update(id, { loaded: file.size, state: "done" });
          onUploaded();
          setTimeout(() => dismiss(id), DONE_VISIBLE_MS);
        } catch (err) {
          update(id, { state: "failed", error: errorMessage(err) });
        }
      }
    },
    [onUploaded, transport, dismiss],
  );

  return { uploads, start, dismiss };
}
