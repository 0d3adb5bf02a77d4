import { parseErrorBody, parseMaybeJson, ApiError } from "../api/errors";
import { xsrfHeaders } from "../api/client";

export interface TransportRequest {
  method: string;
  url: string;
  body?: XMLHttpRequestBodyInit | null;
  headers?: Record<string, string>;
}

/** Sends one request; reports upload progress in bytes of this request's body; resolves to parsed JSON. */
export type Transport = (req: TransportRequest, onProgress?: (loaded: number) => void) => Promise<unknown>;

/** The minimal XMLHttpRequest surface used, so tests can supply a fake. */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body?: XMLHttpRequestBodyInit | null): void;
  abort(): void;
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  withCredentials: boolean;
  upload: { onprogress: ((ev: ProgressEvent) => void) | null };
  onload: ((ev: ProgressEvent) => void) | null;
  onerror: ((ev: ProgressEvent) => void) | null;
  onabort: ((ev: ProgressEvent) => void) | null;
}

export function xhrTransport(factory: () => XhrLike = () => new XMLHttpRequest()): Transport {
  return (req, onProgress) =>
    new Promise((resolve, reject) => {
      const xhr = factory();
      xhr.open(req.method, req.url);
      xhr.withCredentials = false; // same-origin: cookies are sent anyway
      const headers = { Accept: "application/json", ...xsrfHeaders(req.method), ...req.headers };
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      if (onProgress) {
        xhr.upload.onprogress = (ev) => onProgress(ev.loaded);
      }
      xhr.onload = () => {
        const body = xhr.status === 204 ? undefined : parseMaybeJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) resolve(body);
        else reject(parseErrorBody(xhr.status, body, xhr.statusText));
      };
      xhr.onerror = () => reject(new ApiError(0, "network_error", "Upload failed: the connection was lost."));
      xhr.onabort = () => reject(new ApiError(0, "aborted", "Upload cancelled."));
      xhr.send(req.body ?? null);
    });
}
