// Typed calls for runtimes and their files, with types from the generated OpenAPI schema.
import { api } from "../api/client";
import type { components } from "../api/schema";
import type { DriveItem } from "../api/types";

type Schemas = components["schemas"];

export type RuntimeInfo = Schemas["RuntimeInfo"];
export type RuntimeState = RuntimeInfo["state"];
export type RuntimeTypeInfo = Schemas["RuntimeType"];
export type RuntimeUsage = Schemas["RuntimeUsage"];
export type RuntimeFile = Schemas["RuntimeFile"];
export type RuntimeImage = Schemas["RuntimeImage"];
export type ImagePackage = Schemas["ImagePackage"];

/** One reading of the usage meters, stamped with when it was taken (ms since the epoch). */
export interface UsageSample extends RuntimeUsage {
  at: number;
}

/** What the server reports per GPU in RuntimeUsage.gpus (values null where NVML cannot tell). */
export interface GpuFigures {
  id: string;
  name: string;
  utilization_percent: number | null;
  memory_used_bytes: number | null;
  memory_total_bytes: number | null;
}

const enc = encodeURIComponent;
const runtimeUrl = (id: string) => `/api/runtimes/${enc(id)}`;
export const filesUrl = (id: string) => `${runtimeUrl(id)}/files`;

export const runtimeApi = {
  types: () => api.get<RuntimeTypeInfo[]>("/api/runtime-types"),
  /** The runtime images: each one's state, Python and locked packages (Tools › Runtime environment). */
  images: () => api.get<RuntimeImage[]>("/api/runtime-images"),
  list: () => api.get<RuntimeInfo[]>("/api/runtimes"),
  get: (id: string) => api.get<RuntimeInfo>(runtimeUrl(id)),
  /** Connects (or returns) the notebook's runtime; queues for a busy accelerator (HTTP 202). */
  connect: (notebookId: string, runtimeType?: string) =>
    api.post<RuntimeInfo>("/api/runtimes", {
      notebook_id: notebookId,
      runtime_type: runtimeType ?? null,
      wait: true,
    }),
  remove: (id: string) => api.delete(runtimeUrl(id)),
  interrupt: (id: string) => api.post<RuntimeInfo>(`${runtimeUrl(id)}/interrupt`),
  restart: (id: string) => api.post<RuntimeInfo>(`${runtimeUrl(id)}/restart`),
  reset: (id: string) => api.post<RuntimeInfo>(`${runtimeUrl(id)}/reset`),
  usage: (id: string) => api.get<RuntimeUsage>(`${runtimeUrl(id)}/usage`),
  notebook: (notebookId: string) => api.get<DriveItem>(`/api/drive/items/${enc(notebookId)}`),
  eventsUrl: "/api/runtimes/events",
};

export const runtimeFilesApi = {
  list: (id: string, path: string) => api.get<RuntimeFile[]>(filesUrl(id), { query: { path } }),
  remove: (id: string, path: string) => api.delete(filesUrl(id), { query: { path } }),
  mkdir: (id: string, path: string) =>
    api.post<RuntimeFile>(`${filesUrl(id)}/directory`, undefined, { query: { path } }),
  downloadUrl: (id: string, path: string) => `${filesUrl(id)}/content?path=${enc(path)}`,
  uploadUrl: (id: string, directory: string) => `${filesUrl(id)}?path=${enc(directory)}`,
  /** One chunk of a large upload (runtime_uploads.py): raw bytes at `offset` of `size`. */
  chunkUrl: (id: string, uploadId: string, directory: string, name: string, offset: number, size: number) =>
    `${filesUrl(id)}/chunks/${enc(uploadId)}?path=${enc(directory)}&name=${enc(name)}&offset=${offset}&size=${size}`,
};
