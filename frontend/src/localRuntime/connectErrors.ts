import type { LocalServer, UrlProblem } from "./localUrl";

export type ProblemKind =
  | "invalid-url"
  | "missing-token"
  | "not-loopback"
  | "bad-token"
  | "origin-not-allowed"
  | "token-or-origin"
  | "unreachable"
  | "mixed-content"
  | "private-network"
  | "not-jupyter"
  | "extension-missing"
  | "extension-outdated"
  | "server-too-old"
  | "kernel-failed";

/** Another way to fix it, shown below the main command. */
export interface AlsoCommand {
  label: string;
  command: string;
}

/** A failure a person can fix: what went wrong, and the exact command or step that fixes it. */
export interface ConnectProblem {
  kind: ProblemKind;
  message: string;
  /** The command(s) to run (one per line, shown in a copyable box), when there is one. */
  command?: string;
  hint?: string;
  also?: AlsoCommand[];
}

/** Which Jupyter answered: the classic Notebook (< 7) or jupyter_server (Notebook 7, JupyterLab). */
export type Flavour = "classic" | "server";

export const MIN_EXTENSION_VERSION = "0.0.7";
export const MIN_JUPYTER_SERVER = 2;

export function startCommand(origin: string): string {
  return `collaboratory local-runtime --origin ${origin}`;
}

export function portOf(server: LocalServer): string {
  const url = new URL(server.baseUrl);
  return url.port || (url.protocol === "https:" ? "443" : "80");
}

export function jupyterCommand(origin: string, port = "8888"): string {
  return `jupyter server --ServerApp.allow_origin='${origin}' --ServerApp.allow_credentials=True --port=${port}`;
}

/** The last of the classic instructions' three commands. */
export function classicServerCommand(origin: string, port = "8888"): string {
  return `jupyter notebook --NotebookApp.allow_origin='${origin}' --port=${port}`;
}

/** The classic instructions, verbatim: install and enable jupyter_http_over_ws, start the server. */
export function classicCommands(origin: string, port = "8888"): string {
  return ["pip install jupyter_http_over_ws", "jupyter serverextension enable --py jupyter_http_over_ws", classicServerCommand(origin, port)].join("\n");
}

const listCommand = (flavour: Flavour) => (flavour === "classic" ? "jupyter notebook list" : "jupyter server list");

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
        command: "jupyter notebook list",
        hint: "It prints the URLs, with their tokens, of the servers running on this machine (`jupyter server list` for jupyter_server).",
      };
    case "not-loopback":
      return {
        kind: "not-loopback",
        message: `${problem.host} is not on this machine. A local runtime must listen on localhost or 127.0.0.1.`,
        command: startCommand(origin),
        hint: "For a server on another machine, tunnel it first: ssh -L 8888:localhost:8888 that-machine",
      };
  }
}

export function badToken(server: LocalServer, flavour: Flavour, detail = ""): ConnectProblem {
  return {
    kind: "bad-token",
    message: `The server at ${server.host} refused the token${detail}. Paste the URL with the current token.`,
    command: listCommand(flavour),
    hint: "It lists the running servers with their tokens; or start a fresh one and paste the URL it prints.",
  };
}

/** What an HTTP status from the local server means. */
export function statusProblem(status: number, server: LocalServer, origin: string, flavour: Flavour = "server"): ConnectProblem {
  if (status === 401 || status === 403) return badToken(server, flavour, ` (HTTP ${status})`);
  if (status === 404) {
    return {
      kind: "not-jupyter",
      message: `${server.host} answered, but it is not a Jupyter server (HTTP 404 on /api/kernels). Is it the right port?`,
      command: listCommand(flavour),
      hint: "It prints the URL of each Jupyter server running on this machine.",
      also: [{ label: "Or start one for this page:", command: startCommand(origin) }],
    };
  }
  return { kind: "kernel-failed", message: `The local server answered HTTP ${status}.`, hint: "See its terminal for the reason." };
}

export function originNotAllowed(server: LocalServer, origin: string): ConnectProblem {
  return {
    kind: "origin-not-allowed",
    message: `The Jupyter server at ${server.host} does not allow ${origin} (CORS). Restart it with this page's origin allowed:`,
    command: jupyterCommand(origin, portOf(server)),
    also: [{ label: "Or let this command configure one:", command: startCommand(origin) }],
  };
}

export function extensionMissing(server: LocalServer, origin: string, version: string): ConnectProblem {
  return {
    kind: "extension-missing",
    message: `The classic Jupyter Notebook ${version} at ${server.host} does not speak jupyter_http_over_ws: the extension is not installed, or not enabled. Run these, stopping the server first:`,
    command: classicCommands(origin, portOf(server)),
    hint: "`jupyter serverextension list` shows whether it is enabled; on Python 3.12 or newer it also needs `pip install setuptools` (it imports distutils). The last command alone (allow_origin) also lets this page in.",
  };
}

export function extensionOutdated(server: LocalServer, origin: string, version: string): ConnectProblem {
  return {
    kind: "extension-outdated",
    message: `jupyter_http_over_ws ${version} at ${server.host} is older than ${MIN_EXTENSION_VERSION}, the oldest this page speaks. Upgrade it, then restart the server:`,
    command: ["pip install --upgrade jupyter_http_over_ws", classicServerCommand(origin, portOf(server))].join("\n"),
  };
}

export function serverTooOld(server: LocalServer, origin: string, version: string): ConnectProblem {
  return {
    kind: "server-too-old",
    message: `The Jupyter server at ${server.host} runs jupyter_server ${version}; local runtimes need ${MIN_JUPYTER_SERVER}.0 or newer. Upgrade it, then restart the server:`,
    command: [`pip install --upgrade 'jupyter_server>=${MIN_JUPYTER_SERVER}'`, jupyterCommand(origin, portOf(server))].join("\n"),
  };
}

export function notJupyter(server: LocalServer, origin: string): ConnectProblem {
  return {
    kind: "not-jupyter",
    message: `${server.host} answered, but it is not a Jupyter server. Is it the right port?`,
    command: "jupyter notebook list",
    hint: "It prints the URL of each Jupyter server running on this machine (`jupyter server list` for jupyter_server).",
    also: [{ label: "Or start one for this page:", command: startCommand(origin) }],
  };
}

/** Both ways to start a server this page can reach. */
function startEither(origin: string, server: LocalServer): AlsoCommand[] {
  return [{ label: "Or a classic Notebook, with jupyter_http_over_ws installed and enabled:", command: classicServerCommand(origin, portOf(server)) }];
}

export function unreachable(server: LocalServer, origin: string): ConnectProblem {
  return {
    kind: "unreachable",
    message: `Nothing answers at ${server.host}: the local server is not running, or it listens on another port. Start it with:`,
    command: startCommand(origin),
    hint: "`jupyter notebook list` (or `jupyter server list`) prints the URL of each server running on this machine.",
    also: startEither(origin, server),
  };
}

export function tokenOrOrigin(server: LocalServer, origin: string): ConnectProblem {
  return {
    kind: "token-or-origin",
    message: `Something answers at ${server.host} but lets this page in with neither this token nor its origin: the token is wrong, the server does not allow ${origin}, or it is not a Jupyter server at all (the wrong port?). Restart it with this page's origin allowed, and paste the URL it prints:`,
    command: startCommand(origin),
    hint: "Or paste the current token: `jupyter notebook list` (or `jupyter server list`) prints it.",
    also: [{ label: "Or restart your jupyter_server with this origin allowed:", command: jupyterCommand(origin, portOf(server)) }, ...startEither(origin, server)],
  };
}

export function mixedContent(server: LocalServer, origin: string): ConnectProblem {
  return {
    kind: "mixed-content",
    message: `Nothing answered at ${server.baseUrl}, or your browser does not let this https page call an http server (mixed content: Safari refuses, Chrome and Firefox allow localhost). Check that the server runs, or use Chrome or Firefox:`,
    command: startCommand(origin),
    hint: "A server with a certificate works from any browser: add --certfile and --keyfile to the jupyter command and paste its https URL.",
  };
}

export function privateNetwork(server: LocalServer, origin: string): ConnectProblem {
  return {
    kind: "private-network",
    message: `No answer from ${server.host} reached this page. Either nothing runs there, or Chrome refused to let ${origin}, a public site, reach your machine: the server must answer Chrome's private-network preflight (Access-Control-Allow-Private-Network: true), which stock Jupyter does not. This command starts a server that does:`,
    command: startCommand(origin),
    hint: "The classic jupyter_http_over_ws way goes over a websocket, which Chrome does not hold back:",
    also: [{ label: "", command: classicCommands(origin, portOf(server)) }],
  };
}

export class LocalRuntimeError extends Error {
  constructor(readonly problem: ConnectProblem) {
    super(problem.command ? `${problem.message} ${problem.command}` : problem.message);
    this.name = "LocalRuntimeError";
  }
}
