import { formatBytes } from "../upload/progress";
import type { DriveItem } from "../api/types";

export function formatModified(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
  }
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString(undefined, { month: "short", day: "numeric", ...(sameYear ? {} : { year: "numeric" }) });
}

export function formatSize(item: Pick<DriveItem, "kind" | "size">): string {
  return item.kind === "folder" ? "—" : formatBytes(item.size);
}
