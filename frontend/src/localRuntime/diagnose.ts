import {
  badToken,
  extensionMissing,
  MIN_JUPYTER_SERVER,
  mixedContent,
  notJupyter,
  originNotAllowed,
  privateNetwork,
  serverTooOld,
  tokenOrOrigin,
  unreachable,
  type ConnectProblem,
  type Flavour,
} from "./connectErrors";
import type { LocalServer } from "./localUrl";
import type { ClientDeps } from "./transport";

/** What `GET /api` showed this page: nothing readable, or the version it names (null: not Jupyter). */
export type ApiAnswer = { readable: false } | { readable: true; version: string | null };

/** What the page could learn about a server it failed to use, by requests it may make. */
export interface Probes {
  /** Something answered at all (a no-cors request, which CORS cannot hide). */
  reachable: boolean;
  /** `GET /api?token=…`: Jupyter lets a token-authenticated request through from any origin. */
  withToken: ApiAnswer;
  /** `GET /api` without the token: readable only when the server allows this page's origin. */
  withoutToken: ApiAnswer;
}

/** "classic" for Notebook 4–6 (its own version), "server" for jupyter_server's (0.x–3.x). */
export function flavourOf(version: string): Flavour {
  return majorOf(version) >= 4 ? "classic" : "server";
}

export function majorOf(version: string): number {
  return Number.parseInt(version, 10) || 0;
}

/** A jupyter_server too old for this page (classic Notebooks go through the extension instead). */
export function tooOldProblem(version: string, server: LocalServer, origin: string): ConnectProblem | null {
  return flavourOf(version) === "server" && majorOf(version) < MIN_JUPYTER_SERVER ? serverTooOld(server, origin, version) : null;
}

function isLoopbackOrPrivate(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1") return true;
  return /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host);
}

/**
 * Why the page could not use the server (neither jupyter_http_over_ws nor REST + CORS worked),
 * from what the probes saw; each answer names the command that fixes it.
 */
export function diagnose(probes: Probes, server: LocalServer, origin: string): ConnectProblem {
  const page = new URL(origin);
  const answer = probes.withoutToken.readable ? probes.withoutToken : probes.withToken;
  if (answer.readable && answer.version === null) return notJupyter(server, origin);
  if (probes.withoutToken.readable) {
    // The server allows this origin, yet refused the request: the token.
    return badToken(server, flavourOf(probes.withoutToken.version ?? ""));
  }
  if (probes.withToken.readable) {
    // The token is right; only requests that carry it in the URL get through.
    const version = probes.withToken.version ?? "";
    if (flavourOf(version) === "classic") return extensionMissing(server, origin, version);
    return tooOldProblem(version, server, origin) ?? originNotAllowed(server, origin);
  }
  if (!isLoopbackOrPrivate(page.hostname)) return privateNetwork(server, origin);
  if (!probes.reachable) {
    return page.protocol === "https:" && server.baseUrl.startsWith("http:") ? mixedContent(server, origin) : unreachable(server, origin);
  }
  return tokenOrOrigin(server, origin);
}

async function readApi(deps: ClientDeps, url: string): Promise<ApiAnswer> {
  let response: Response;
  try {
    response = await deps.fetch(url, { cache: "no-store", credentials: "omit" });
  } catch {
    return { readable: false };
  }
  try {
    const body = (await response.json()) as { version?: unknown };
    return { readable: true, version: response.ok && typeof body.version === "string" ? body.version : null };
  } catch {
    return { readable: true, version: null };
  }
}

/** Runs the probes: simple GETs (no preflight) the browser lets the page read, or not. */
export async function probe(server: LocalServer, deps: ClientDeps): Promise<Probes> {
  const api = `${server.baseUrl}/api`;
  const [withToken, withoutToken, reachable] = await Promise.all([
    readApi(deps, `${api}?token=${encodeURIComponent(server.token)}`),
    readApi(deps, api),
    deps.fetch(api, { mode: "no-cors", cache: "no-store", credentials: "omit" }).then(
      () => true,
      () => false,
    ),
  ]);
  return { reachable, withToken, withoutToken };
}
