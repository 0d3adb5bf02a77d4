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

/** What the row's shared icon says: the people by name with their roles, then link sharing;
 * null when the item itself is not shared (or the summary is not ours to see). */
export function sharedWith(shared: DriveItem["shared"]): string | null {
  if (!shared) return null;
  const parts = shared.people.map((p) => `${p.username} (${p.role})`);
  if (shared.link_role) parts.push(`Anyone with the link (${shared.link_role})`);
  return parts.length > 0 ? `Shared with ${parts.join(", ")}` : null;
}
