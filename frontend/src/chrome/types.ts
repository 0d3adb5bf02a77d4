/** One entry of a menu: an action, or a separator line between groups of actions. */
export type MenuItem =
  | { label: string; shortcut?: string; disabled?: boolean; checked?: boolean; onSelect: () => void }
  | { separator: true };

export interface Menu {
  label: string;
  items: MenuItem[];
}

/** An action of the command palette and the keyboard shortcuts list. */
export interface Command {
  id: string;
  label: string;
  shortcut?: string;
  run: () => void;
}

/** A Markdown heading of the notebook, for the table of contents. */
export interface TocEntry {
  cellId: string;
  level: number;
  text: string;
}
