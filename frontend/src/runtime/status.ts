// Pure derivations for the runtime chrome: status, labels, meter fractions.
import type { GpuFigures, RuntimeInfo, RuntimeUsage } from "./api";

export type RuntimeStatus = "disconnected" | "connecting" | "queued" | "starting" | "ready" | "busy" | "dead";

/**
 * The status shown for this notebook: "connecting" while a connect request is under way (it may
 * replace a runtime of another type), else the server's state of its runtime.
 */
export function deriveStatus(runtime: RuntimeInfo | null, connecting: boolean): RuntimeStatus {
  if (connecting) return "connecting";
  return runtime === null ? "disconnected" : runtime.state;
}

/** "GPU" for "gpu-highram", "TPU" for "tpu": the accelerator a queued runtime waits for. */
export function acceleratorLabel(runtime: RuntimeInfo | null): string {
  const kind = runtime?.runtime_type.split("-")[0] ?? "";
  return kind === "" || kind === "cpu" ? "accelerator" : kind.toUpperCase();
}

/**
 * "Preparing runtime image standard… 40%" while a starting runtime waits for a build of its
 * image (its first start on this server, or after the image's settings changed); null when it
 * does not.
 */
export function preparingLabel(runtime: RuntimeInfo): string | null {
  const image = runtime.image;
  if (runtime.state !== "starting" || !image || image.state === "ready") return null;
  const percent = image.state === "building" && image.percent !== null ? ` ${image.percent}%` : "";
  return `Preparing runtime image ${image.name}…${percent}`;
}

export function queueLabel(accelerator: string, position: number | null): string {
  if (position === null) return `Allocating ${accelerator}…`;
  return `Allocating ${accelerator} (position ${position} in queue)`;
}

/** The connect button's text for every status but the connected ones, which show meters. */
export function statusLabel(status: RuntimeStatus, runtime: RuntimeInfo | null): string {
  switch (status) {
    case "disconnected":
      return "Connect";
    case "connecting":
    case "starting":
      return (runtime && preparingLabel(runtime)) ?? "Connecting…";
    case "queued":
      return queueLabel(acceleratorLabel(runtime), runtime?.queue_position ?? null);
    case "ready":
      return "Connected";
    case "busy":
      return "Busy";
    case "dead":
      return "Runtime disconnected";
  }
}

export function isConnected(status: RuntimeStatus): boolean {
  return status === "ready" || status === "busy";
}

/** used/limit clamped to [0, 1]; null when there is no limit to compare with. */
export function fraction(used: number | null | undefined, limit: number | null | undefined): number | null {
  if (used === null || used === undefined || !limit || limit <= 0) return null;
  return Math.min(1, Math.max(0, used / limit));
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

function isGpuFigures(value: Record<string, unknown>): boolean {
  return typeof value.id === "string" && typeof value.name === "string";
}

/** The usage's GPU entries in a typed form; entries of another shape are left out. */
export function gpusOf(usage: RuntimeUsage): GpuFigures[] {
  return usage.gpus.filter(isGpuFigures).map((g) => ({
    id: String(g.id),
    name: String(g.name),
    utilization_percent: typeof g.utilization_percent === "number" ? g.utilization_percent : null,
    memory_used_bytes: typeof g.memory_used_bytes === "number" ? g.memory_used_bytes : null,
    memory_total_bytes: typeof g.memory_total_bytes === "number" ? g.memory_total_bytes : null,
  }));
}

export interface Meter {
  label: string;
  fraction: number | null;
  detail: string;
}

/** RAM, Disk and (per GPU) GPU RAM meters from one usage sample. */
export function metersOf(usage: RuntimeUsage): Meter[] {
  if (usage.reported === false) return []; // a gateway's runtime: no figures to show
  const of = (used: number, limit: number | null | undefined) =>
    limit ? `${formatBytes(used)} / ${formatBytes(limit)}` : formatBytes(used);
  const meters: Meter[] = [
    { label: "RAM", fraction: fraction(usage.memory_bytes, usage.memory_limit_bytes), detail: of(usage.memory_bytes, usage.memory_limit_bytes) },
    { label: "Disk", fraction: fraction(usage.disk_bytes, usage.disk_limit_bytes), detail: of(usage.disk_bytes, usage.disk_limit_bytes) },
  ];
  for (const gpu of gpusOf(usage)) {
    const used = gpu.memory_used_bytes;
    meters.push({
      label: gpusOf(usage).length > 1 ? `GPU ${gpu.id}` : "GPU",
      fraction: fraction(used, gpu.memory_total_bytes),
      detail: used === null ? "not measured" : of(used, gpu.memory_total_bytes),
    });
  }
  return meters;
}
