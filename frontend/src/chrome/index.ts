// The notebook page's chrome: menus, palette, dialogs, side panels, title and save status.
export { MenuBar } from "./MenuBar";
export { CommandPalette } from "./CommandPalette";
export { KeyboardShortcutsDialog } from "./KeyboardShortcutsDialog";
export { TableOfContents } from "./TableOfContents";
export { RevisionHistoryDialog } from "./RevisionHistoryDialog";
export { NotebookSettingsDialog } from "./NotebookSettingsDialog";
export { SettingsDialog } from "./SettingsDialog";
export { SnippetsPanel } from "./SnippetsPanel";
export { EditableTitle } from "./EditableTitle";
export { SaveStatus, type SaveState } from "./SaveStatus";
export { applyStoredTheme, useSettings, type UserSettings, type ThemeChoice } from "./settings";
export type { Command, Menu, MenuItem, TocEntry } from "./types";
export type { Snippet } from "./snippetsApi";
