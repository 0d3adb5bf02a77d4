import type { ExecutionInfo } from "../model/cells";

function parse(time: string | null | undefined): number | null {
  if (!time) return null;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? null : ms;
}

/** "850ms", "12s", "3m 4s", "1h 2m". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** Seconds a running cell has been running, for its timer. */
export function elapsedMs(info: ExecutionInfo, now: number): number {
  const started = parse(info.started_at);
  return started === null ? 0 : Math.max(0, now - started);
}

/** The Run cell button's tooltip: what happened last, when, how long, by whom. */
export function runTooltip(info: ExecutionInfo | null, now: number = Date.now()): string {
  if (!info) return "Run cell (Ctrl+Enter)";
  const by = info.by ? ` by ${info.by}` : "";
  switch (info.status) {
    case "queued":
      return `Queued${by} — waiting for the cells before it`;
    case "running":
      return `Running for ${formatDuration(elapsedMs(info, now))}${by} — click to interrupt`;
    case "done":
    case "error": {
      const ended = parse(info.ended_at);
      const started = parse(info.started_at);
      const when = ended === null ? "" : ` at ${new Date(ended).toLocaleTimeString()}`;
      const took = ended !== null && started !== null ? ` (${formatDuration(ended - started)})` : "";
      const outcome = info.status === "error" ? "Failed" : "Executed";
      return `${outcome}${by}${when}${took}`;
    }
  }
}
