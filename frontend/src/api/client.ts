import { ApiError, parseErrorBody, parseMaybeJson } from "./errors";

export const XSRF_COOKIE = "_xsrf";
export const XSRF_HEADER = "X-XSRFToken";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function readCookie(name: string, cookieString: string = document.cookie): string | null {
  for (const part of cookieString.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return null;
}

/** Headers every mutating request needs: the XSRF token from the readable `_xsrf` cookie. */
export function xsrfHeaders(method: string): Record<string, string> {
  if (!MUTATING.has(method.toUpperCase())) return {};
  const token = readCookie(XSRF_COOKIE);
  return token ? { [XSRF_HEADER]: token } : {};
}

export interface RequestOptions {
  /** JSON-serialisable body, or raw body (FormData, Blob) sent unchanged. */
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: RequestOptions["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function encodeBody(body: unknown): { body?: BodyInit; contentType?: string } {
  if (body === undefined) return {};
  if (body instanceof FormData || body instanceof Blob || body instanceof ArrayBuffer) {
    return { body };
  }
  return { body: JSON.stringify(body), contentType: "application/json" };
}

/** Performs one API request; resolves to the parsed JSON (undefined for 204), rejects with ApiError. */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const { body, contentType } = encodeBody(options.body);
  const headers: Record<string, string> = { Accept: "application/json", ...xsrfHeaders(method) };
  if (contentType) headers["Content-Type"] = contentType;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "network_error", "Cannot reach the server. Check your connection and try again.");
  }
  const text = response.status === 204 ? "" : await response.text();
  if (!response.ok) {
    throw parseErrorBody(response.status, parseMaybeJson(text), response.statusText);
  }
  if (text === "") return undefined as T;
  const parsed = parseMaybeJson(text);
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>("POST", path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>("PATCH", path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>("PUT", path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => apiRequest<T>("DELETE", path, options),
};
