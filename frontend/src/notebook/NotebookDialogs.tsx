import { CompareEnvironmentsDialog, localSourceOf } from "../compareEnvironments";
import { CommandPalette, KeyboardShortcutsDialog, NotebookSettingsDialog, RevisionHistoryDialog, SettingsDialog } from "../chrome";
import type { LiveNotebook } from "../live/liveNotebook";
import { LocalRuntimeDialog, type LocalRuntimeStore } from "../localRuntime";
import { ChangeRuntimeTypeDialog, ManageSessionsDialog, RuntimeEnvironmentDialog, type RuntimeController } from "../runtime";
import { ScheduleDialog } from "../schedule";
import type { Command } from "./commands/registry";
import { AddFormFieldDialog } from "./forms/AddFormFieldDialog";
import { notebookRuntimeType, setNotebookRuntimeType } from "./runtimeType";

export type DialogName =
  | "palette"
  | "shortcuts"
  | "settings"
  | "notebookSettings"
  | "revisions"
  | "changeRuntime"
  | "sessions"
  | "addFormField"
  | "runtimeEnvironment"
  | "compareEnvironments"
  | "localRuntime"
  | "schedule";

interface Props {
  dialog: DialogName | null;
  onClose(): void;
  live: LiveNotebook;
  commands: Command[];
  runtime: RuntimeController;
  local: LocalRuntimeStore;
  onError(error: unknown): void;
}

/** Switch to another runtime type: record it in the document, replace a runtime of another type. */
async function changeRuntimeType(live: LiveNotebook, runtime: RuntimeController, type: string): Promise<void> {
  setNotebookRuntimeType(live.model, type);
  const current = runtime.runtime;
  if (current && current.runtime_type !== type) {
    await runtime.disconnect();
    await runtime.connect(type);
  }
}

/** Every binding for the shortcuts list: the shortcut, and each command-mode key as its own row. */
export function shortcutRows(commands: Command[]): Command[] {
  return commands.flatMap((command) => [
    ...(command.shortcut ? [command] : []),
    ...(command.commandKeys ?? []).map((keys) => ({
      ...command,
      id: `${command.id}:${keys}`,
      label: `${command.label} (command mode)`,
      shortcut: keys,
    })),
  ]);
}

/** The dialogs the menus open. */
export function NotebookDialogs({ dialog, onClose, live, commands, runtime, local, onError }: Props) {
  const paletteCommands = commands.filter((c) => c.enabled?.() !== false);
  switch (dialog) {
    case null:
      return null;
    case "palette":
      return <CommandPalette commands={paletteCommands} onClose={onClose} />;
    case "shortcuts":
      return <KeyboardShortcutsDialog commands={shortcutRows(commands)} onClose={onClose} />;
    case "settings":
      return <SettingsDialog onClose={onClose} />;
    case "notebookSettings":
      return (
        <NotebookSettingsDialog
          metadata={live.model.getMetadata()}
          onSave={(changes) => live.model.updateMetadata(changes as Parameters<typeof live.model.updateMetadata>[0])}
          onClose={onClose}
        />
      );
    case "revisions":
      return <RevisionHistoryDialog notebookId={live.notebookId} onClose={onClose} />;
    case "changeRuntime":
      return (
        <ChangeRuntimeTypeDialog
          current={runtime.runtime?.runtime_type ?? notebookRuntimeType(live.model)}
          onSave={(type) => {
            onClose();
            void changeRuntimeType(live, runtime, type).catch(onError);
          }}
          onClose={onClose}
        />
      );
    case "sessions":
      return <ManageSessionsDialog onClose={onClose} />;
    case "addFormField":
      return <AddFormFieldDialog onClose={onClose} />;
    case "localRuntime":
      return <LocalRuntimeDialog origin={local.origin} onConnect={(url) => local.connect(url)} onClose={onClose} />;
    case "schedule":
      return <ScheduleDialog notebookId={live.notebookId} onClose={onClose} />;
    case "compareEnvironments": {
      const type = runtime.runtime?.runtime_type ?? notebookRuntimeType(live.model);
      return <CompareEnvironmentsDialog hostedType={notebookRuntimeType(live.model)} local={localSourceOf(type, local)} onClose={onClose} />;
    }
    case "runtimeEnvironment":
      return <RuntimeEnvironmentDialog runtimeType={runtime.runtime?.runtime_type ?? notebookRuntimeType(live.model)} onClose={onClose} />;
  }
}
