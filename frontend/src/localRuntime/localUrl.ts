/** A pasted local runtime URL, e.g. `http://localhost:8888/?token=abc` or `…/lab?token=abc`. */
export interface LocalServer {
  /** `http://host:port` plus any base path, without a trailing slash. */
  baseUrl: string;
  /** `host:port`, as the Connect button shows it. */
  host: string;
  token: string;
}

export type UrlProblem = { kind: "invalid-url" } | { kind: "missing-token" } | { kind: "not-loopback"; host: string };

const LOOPBACK = new Set(["localhost", "127.0.0.1"]);

/** Path endings a copied Jupyter URL may carry that are pages, not the server's base. */
const PAGE_SUFFIX = /\/(tree|lab|notebooks|doc)(\/.*)?$/;

/**
 * Parses what the person pasted. Only servers on this machine (localhost, 127.0.0.1) are
 * accepted: the page's Content-Security-Policy lets it reach those and nothing else.
 */
export function parseLocalUrl(text: string): LocalServer | UrlProblem {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { kind: "invalid-url" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { kind: "invalid-url" };
  if (!LOOPBACK.has(url.hostname)) return { kind: "not-loopback", host: url.host };
  const token = url.searchParams.get("token") ?? "";
  if (token === "") return { kind: "missing-token" };
  const path = url.pathname.replace(PAGE_SUFFIX, "").replace(/\/+$/, "");
  return { baseUrl: `${url.protocol}//${url.host}${path}`, host: url.host, token };
}

export function isProblem(value: LocalServer | UrlProblem): value is UrlProblem {
  return "kind" in value;
}
