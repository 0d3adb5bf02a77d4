// A crashed runtime as the chrome shows it: why (out of RAM, too many processes, a full disk),
// Colab's message, and whether a High-RAM runtime type would help.
import type { RuntimeInfo } from "./api";

export type CrashReason = NonNullable<RuntimeInfo["reason"]>;

export interface Crash {
  reason: CrashReason | null;
  /** The server's words: Colab's sentence and what to do ("Your session crashed after …"). */
  message: string;
  /** Out of memory on a type that has a High-RAM variant: offer Change runtime type. */
  suggestsHighRam: boolean;
}

const LABELS: Record<CrashReason, string> = {
  oom: "Session crashed: out of RAM",
  pids: "Session crashed: too many processes",
  disk: "Session crashed: disk full",
};

/**
 * The crash of a dead runtime, from its JSON; the died event's `message` stands in until the
 * runtime's JSON says it. Null while it lives, or when it died without a word (deleted, culled).
 */
export function crashOf(runtime: RuntimeInfo | null, message?: string | null): Crash | null {
  if (!runtime || runtime.state !== "dead") return null;
  const text = runtime.error ?? message ?? null;
  if (!text) return null;
  const reason = runtime.reason ?? null;
  return { reason, message: text, suggestsHighRam: reason === "oom" && !runtime.runtime_type.endsWith("-highram") };
}

/** The Connect button's label for a crashed runtime. */
export function crashLabel(crash: Crash): string {
  return crash.reason ? LABELS[crash.reason] : "Session crashed";
}
