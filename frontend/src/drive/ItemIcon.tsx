import type { JSX } from "react";
import type { DriveItem } from "../api/types";
import { FileSvg, FolderSvg, NotebookSvg, UploadedNotebookSvg } from "./icons";

export type IconKind = "folder" | "notebook" | "uploaded-notebook" | "file";

export function iconKind(item: Pick<DriveItem, "kind" | "origin">): IconKind {
  if (item.kind === "folder") return "folder";
  if (item.kind === "notebook") return item.origin === "uploaded" ? "uploaded-notebook" : "notebook";
  return "file";
}

export const ICON_LABELS: Record<IconKind, string> = {
  folder: "Folder",
  notebook: "Notebook",
  "uploaded-notebook": "Uploaded notebook",
  file: "File",
};

const ICONS: Record<IconKind, () => JSX.Element> = {
  folder: FolderSvg,
  notebook: NotebookSvg,
  "uploaded-notebook": UploadedNotebookSvg,
  file: FileSvg,
};

export function ItemIcon({ item }: { item: Pick<DriveItem, "kind" | "origin"> }) {
  const kind = iconKind(item);
  const Icon = ICONS[kind];
  return (
    <span className={`item-icon item-icon-${kind}`} role="img" aria-label={ICON_LABELS[kind]} title={ICON_LABELS[kind]} data-icon={kind}>
      <Icon />
    </span>
  );
}
