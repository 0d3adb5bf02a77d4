import { keyName, parseShortcut, type KeyLike } from "./keys";

export type EditorMode = "command" | "edit";
export type MenuName = "File" | "Edit" | "View" | "Insert" | "Runtime" | "Tools" | "Help";

/** One action of the editor, shared by keyboard, menus and the command palette. */
export interface Command {
  id: string;
  label: string;
  /** Shown in menus and the palette; bound in both modes. */
  shortcut?: string;
  /** Extra keys bound in command mode only (Jupyter's single keys: "A", "B", "D D"). */
  commandKeys?: string[];
  /** The menu it appears in (in registry order); `separatorBefore` starts a new group. */
  menu?: MenuName;
  separatorBefore?: boolean;
  enabled?: () => boolean;
  run: () => void;
}

interface Binding {
  keys: string[];
  command: Command;
  commandModeOnly: boolean;
}

function bindings(commands: readonly Command[]): Binding[] {
  const all: Binding[] = [];
  for (const command of commands) {
    if (command.shortcut) all.push({ keys: parseShortcut(command.shortcut), command, commandModeOnly: false });
    for (const keys of command.commandKeys ?? []) all.push({ keys: parseShortcut(keys), command, commandModeOnly: true });
  }
  return all;
}

const startsWith = (keys: string[], prefix: string[]) => prefix.every((k, i) => keys[i] === k);

/**
 * Turns keystrokes into commands, chords included ("Ctrl+M B"): a keystroke that starts a chord
 * is consumed and the next one completes it (or abandons it).
 */
export class KeymapDispatcher {
  private pending: string[] = [];
  private pendingSince = 0;

  constructor(
    private readonly commands: () => readonly Command[],
    private readonly chordTimeoutMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Handle a keydown; true when it ran a command or is part of a chord (prevent the default). */
  handle(event: KeyLike, mode: EditorMode): boolean {
    const name = keyName(event);
    if (name === "") return false;
    if (this.pending.length > 0 && this.now() - this.pendingSince > this.chordTimeoutMs) this.pending = [];
    const active = bindings(this.commands()).filter((b) => mode === "command" || !b.commandModeOnly);
    const sequence = [...this.pending, name];
    const exact = active.find((b) => b.keys.length === sequence.length && startsWith(b.keys, sequence));
    if (exact) {
      this.pending = [];
      if (exact.command.enabled?.() === false) return true;
      exact.command.run();
      return true;
    }
    if (active.some((b) => b.keys.length > sequence.length && startsWith(b.keys, sequence))) {
      this.pending = sequence;
      this.pendingSince = this.now();
      return true;
    }
    const wasPending = this.pending.length > 0;
    this.pending = [];
    return wasPending ? this.handle(event, mode) || true : false;
  }

  get chordPending(): boolean {
    return this.pending.length > 0;
  }
}

/** Menus built from the commands: { label, items } with separators between groups. */
export function menusFromCommands(
  commands: readonly Command[],
  order: readonly MenuName[],
): { label: MenuName; items: ({ label: string; shortcut?: string; disabled?: boolean; onSelect: () => void } | { separator: true })[] }[] {
  return order.map((label) => {
    const items: ({ label: string; shortcut?: string; disabled?: boolean; onSelect: () => void } | { separator: true })[] = [];
    for (const command of commands.filter((c) => c.menu === label)) {
      if (command.separatorBefore && items.length > 0) items.push({ separator: true });
      items.push({
        label: command.label,
        shortcut: command.shortcut,
        disabled: command.enabled ? !command.enabled() : false,
        onSelect: command.run,
      });
    }
    return { label, items };
  });
}
