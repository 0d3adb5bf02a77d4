import type { DriveItem } from "../api/types";
import { driveApi } from "../api/endpoints";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { MoveDialog } from "./MoveDialog";
import { NameDialog } from "../ui/NameDialog";
import { ShareDialog } from "../sharing/ShareDialog";

export type DialogState =
  | { kind: "newFolder" }
  | { kind: "share"; item: DriveItem }
  | { kind: "rename"; item: DriveItem }
  | { kind: "move"; item: DriveItem }
  | { kind: "deleteForever"; item: DriveItem }
  | null;

interface Props {
  dialog: DialogState;
  folder: string | null;
  onClose: () => void;
  onChanged: (message?: string) => void;
}

export function DriveDialogs({ dialog, folder, onClose, onChanged }: Props) {
  if (!dialog) return null;
  switch (dialog.kind) {
    case "newFolder":
      return (
        <NameDialog
          title="New folder"
          label="Folder name"
          initial="Untitled folder"
          submitLabel="Create"
          onClose={onClose}
          onSubmit={async (name) => {
            await driveApi.create("folder", folder, name);
            onChanged();
          }}
        />
      );
    case "share":
      return <ShareDialog item={dialog.item} onClose={onClose} />;
    case "rename":
      return (
        <NameDialog
          title="Rename"
          label="New name"
          initial={dialog.item.name}
          submitLabel="OK"
          onClose={onClose}
          onSubmit={async (name) => {
            await driveApi.rename(dialog.item.id, name);
            onChanged();
          }}
        />
      );
    case "move":
      return (
        <MoveDialog
          item={dialog.item}
          onClose={onClose}
          onMove={async (target) => {
            await driveApi.move(dialog.item.id, target);
            onChanged(`Moved "${dialog.item.name}".`);
          }}
        />
      );
    case "deleteForever":
      return (
        <ConfirmDialog
          title="Delete forever?"
          message={`"${dialog.item.name}" will be deleted forever. This cannot be undone.`}
          confirmLabel="Delete forever"
          onClose={onClose}
          onConfirm={async () => {
            await driveApi.deleteForever(dialog.item.id);
            onChanged(`Deleted "${dialog.item.name}" forever.`);
          }}
        />
      );
  }
}
