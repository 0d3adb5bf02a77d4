import type { LocalServer, UrlProblem } from "./localUrl";

/** A failure a person can fix: what went wrong, and the exact command or step that fixes it. */
export interface ConnectProblem {
  kind: "invalid-url" | "missing-token" | "not-loopback" | "bad-token" | "origin-not-allowed" | "unreachable" | "not-jupyter" | "kernel-failed";
  message: string;
  /** The command to run (shown in a copyable box), when there is one. */
  command?: string;
  hint?: string;
}

export function startCommand(origin: string): string {
  return `collaboratory local-runtime --origin ${origin}`;
}

export function jupyterCommand(origin: string): string {
  return `jupyter server --ServerApp.allow_origin='${origin}' --ServerApp.allow_credentials=True --port=8888`;
}

const INSTALL = "pip install jupyter_server (or pip install collaboratory), then";

export function urlProblem(problem: UrlProblem, origin: string): ConnectProblem {
  switch (problem.kind) {
    case "invalid-url":
      return {
        kind: "invalid-url",
        message: "That is not a URL. Paste the whole URL the local server printed, e.g. http://127.0.0.1:8888/?token=…",
        command: startCommand(origin),
      };
    case "missing-token":
      return {
        kind: "missing-token",
        message: "The URL has no token. Paste the whole URL the server printed, including ?token=…",
        hint: "Run `jupyter server list` to see the URLs of the servers running on this machine.",
      };
    case "not-loopback":
      return {
        kind: "not-loopback",
        message: `${problem.host} is not on this machine. A local runtime must listen on localhost or 127.0.0.1.`,
        command: startCommand(origin),
      };
  }
}

/** What an HTTP status from the local server means. */
export function statusProblem(status: number, server: LocalServer, origin: string): ConnectProblem {
  if (status === 401 || status === 403) {
    return {
      kind: "bad-token",
      message: `The server at ${server.host} refused the token (HTTP ${status}). Paste the URL with the current token.`,
      command: "jupyter server list",
      hint: "It lists the running servers with their tokens; or start a fresh one with the command it printed.",
    };
  }
  if (status === 404) {
    return {
      kind: "not-jupyter",
      message: `${server.host} answered, but it is not a Jupyter server (HTTP 404 on /api/kernels). Is it the right port?`,
      command: startCommand(origin),
    };
  }
  return { kind: "kernel-failed", message: `The local server answered HTTP ${status}.`, hint: "See its terminal for the reason." };
}

/**
 * A fetch that threw (TypeError): either nothing listens there, or the server answered without
 * allowing this page's origin (CORS). `reachable` says which: the caller probed with a no-cors
 * request, which succeeds whenever something answers at all.
 */
export function networkProblem(reachable: boolean, server: LocalServer, origin: string): ConnectProblem {
  if (reachable) {
    return {
      kind: "origin-not-allowed",
      message: `The server at ${server.host} does not allow ${origin} (CORS). Restart it with this page's origin allowed:`,
      command: startCommand(origin),
      hint: `or: ${jupyterCommand(origin)}`,
    };
  }
  return {
    kind: "unreachable",
    message: `Nothing answers at ${server.host}: the local server is not running, or on another port. Start it with:`,
    command: startCommand(origin),
    hint: `${INSTALL} paste the URL it prints.`,
  };
}

export class LocalRuntimeError extends Error {
  constructor(readonly problem: ConnectProblem) {
    super(problem.command ? `${problem.message} ${problem.command}` : problem.message);
    this.name = "LocalRuntimeError";
  }
}
