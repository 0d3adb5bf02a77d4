// Where the local runtime's package list comes from: a `collaboratory connect` machine (asked
// through the service), or a browser-connected local Jupyter (asked by this page, directly).
import { api } from "../api/client";
import type { Package } from "./diff";

export interface LocalSource {
  /** What the local side is, in words ("My machine laptop", "local runtime at localhost:8888"). */
  label: string;
  load(): Promise<Package[]>;
}

/** Runtime type ids of `collaboratory connect` machines. */
export const MACHINE_PREFIX = "machine-";

export function machineSource(machineId: string): LocalSource {
  return {
    label: `your machine (${machineId.slice(MACHINE_PREFIX.length)})`,
    load: () => api.get<Package[]>(`/api/machines/${encodeURIComponent(machineId)}/packages`),
  };
}

/**
 * Evaluated by the local kernel as a user expression (silent: no output, no history): its
 * distributions as JSON, base64 so that the repr the kernel returns is a plain quoted string.
 */
export const PACKAGES_EXPRESSION =
  "__import__('base64').b64encode(__import__('json').dumps([[d.metadata['Name'], d.version] for d in " +
  "__import__('importlib.metadata', fromlist=['distributions']).distributions()]).encode()).decode()";

/** The part of the local kernel client this needs: a shell request and its reply. */
export interface ShellRequester {
  request(msgType: string, content: Record<string, unknown>, timeoutMs?: number): Promise<{ content: Record<string, unknown> }>;
}

/** The package list out of an execute_reply whose user expression ``packages`` ran. */
export function packagesFromReply(content: Record<string, unknown>): Package[] {
  const expressions = content.user_expressions as Record<string, { status?: string; data?: Record<string, unknown>; evalue?: string }> | undefined;
  const result = expressions?.packages;
  if (!result || result.status !== "ok") {
    throw new Error(`The local kernel could not list its packages${result?.evalue ? `: ${result.evalue}` : "."}`);
  }
  const repr = String(result.data?.["text/plain"] ?? "");
  const pairs = JSON.parse(atob(repr.replace(/^['"]|['"]$/g, ""))) as unknown;
  if (!Array.isArray(pairs)) throw new Error("The local kernel's package list was not understood.");
  return pairs
    .filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === "string" && p[0] !== "")
    .map(([name, version]) => ({ name, version: String(version ?? "") }));
}

/** The local runtime of this notebook: the browser-connected one, else a connected machine. */
export function localSourceOf(
  runtimeType: string | null | undefined,
  local: { getSnapshot(): { status: string; host?: string }; connectedKernel: ShellRequester | null },
): LocalSource | null {
  const state = local.getSnapshot();
  if (state.status === "connected" && local.connectedKernel) return kernelSource(local.connectedKernel, state.host ?? "localhost");
  return runtimeType?.startsWith(MACHINE_PREFIX) ? machineSource(runtimeType) : null;
}

export function kernelSource(kernel: ShellRequester, host: string): LocalSource {
  return {
    label: `the local runtime at ${host}`,
    load: async () => {
      const reply = await kernel.request("execute_request", {
        code: "",
        silent: true,
        store_history: false,
        user_expressions: { packages: PACKAGES_EXPRESSION },
        allow_stdin: false,
        stop_on_error: false,
      });
      return packagesFromReply(reply.content);
    },
  };
}
