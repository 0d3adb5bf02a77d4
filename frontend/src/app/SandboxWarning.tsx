import type { Status } from "../api/types";
import "./sandboxWarning.css";

export const UNSANDBOXED_WARNING =
  "Runtimes on this server are not sandboxed: code in a notebook runs with the server's rights. " +
  "Only for a trusted single-user machine.";

/** Whether /api/status says that runtimes run without a sandbox (`runtimes.sandbox = "none"`). */
export function runtimesUnsandboxed(status: Status | null | undefined): boolean {
  const sandbox = status?.runtimes?.sandbox;
  return typeof sandbox === "string" && /^none\b/.test(sandbox.trim());
}

/**
 * A banner on every page while the server runs runtimes without a sandbox: it cannot be
 * dismissed, since whoever opens a notebook must know that its code is not contained.
 */
export function SandboxWarning({ status }: { status: Status | null | undefined }) {
  if (!runtimesUnsandboxed(status)) return null;
  return (
    <div className="sandbox-warning" role="alert" title={status?.runtimes?.sandbox}>
      <strong className="sandbox-warning-label">Not sandboxed</strong>
      <span>{UNSANDBOXED_WARNING}</span>
    </div>
  );
}
