import type { NotebookController } from "../model/NotebookController";
import type { Command, MenuName } from "./registry";

/** Page-level actions the commands reach (dialogs, panels, the runtime). */
export interface PageActions {
  openPalette(): void;
  openShortcuts(): void;
  openSettings(): void;
  openNotebookSettings(): void;
  openRevisions(): void;
  openChangeRuntimeType(): void;
  openManageSessions(): void;
  openLocalRuntime(): void;
  openAddFormField(): void;
  openRuntimeEnvironment(): void;
  openCompareEnvironments(): void;
  openSchedule(): void;
  togglePanel(panel: "toc" | "files" | "snippets"): void;
  toggleTheme(): void;
  download(): void;
  downloadPython(): void;
  newNotebook(): void;
  openDrive(): void;
  uploadNotebook(): void;
  saveCopy(): void;
  clearAllOutputs(): void;
  toggleCode(): void;
  rename(): void;
  backToDrive(): void;
  interrupt(): void;
  restart(): void;
  restartAndRunAll(): void;
  disconnect(): void;
}

export const MENU_ORDER: readonly MenuName[] = ["File", "Edit", "View", "Insert", "Runtime", "Tools", "Help"];

/** Every command of the editor: one list for keyboard, menus and the palette. */
export function notebookCommands(nb: NotebookController, page: PageActions): Command[] {
  const hasActive = () => nb.selection.activeId !== null;
  return [
    // File
    { id: "file.new", label: "New notebook", menu: "File", run: page.newNotebook },
    { id: "file.open", label: "Open notebook", shortcut: "Ctrl+O", menu: "File", run: page.openDrive },
    { id: "file.upload", label: "Upload notebook", menu: "File", run: page.uploadNotebook },
    { id: "file.rename", label: "Rename notebook", menu: "File", separatorBefore: true, run: page.rename },
    { id: "file.copy", label: "Save a copy in Drive", menu: "File", run: page.saveCopy },
    { id: "file.revisions", label: "Revision history", menu: "File", run: page.openRevisions },
    { id: "file.download", label: "Download .ipynb", menu: "File", separatorBefore: true, run: page.download },
    { id: "file.download-py", label: "Download .py", menu: "File", run: page.downloadPython },
    { id: "file.drive", label: "Back to Drive", menu: "File", separatorBefore: true, run: page.backToDrive },
    // Edit
    { id: "edit.undo-delete", label: "Undo delete cells", shortcut: "Ctrl+M Z", commandKeys: ["Z"], menu: "Edit", run: () => nb.undoDeleteCells() },
    { id: "edit.cut", label: "Cut cell", commandKeys: ["X"], menu: "Edit", separatorBefore: true, enabled: hasActive, run: () => nb.cut() },
    { id: "edit.copy", label: "Copy cell", commandKeys: ["C"], menu: "Edit", enabled: hasActive, run: () => nb.copy() },
    { id: "edit.paste", label: "Paste cell", commandKeys: ["V"], menu: "Edit", enabled: () => nb.canPaste, run: () => nb.paste() },
    { id: "edit.delete", label: "Delete cell", shortcut: "Ctrl+M D", commandKeys: ["D D"], menu: "Edit", enabled: hasActive, run: () => nb.deleteActive() },
    { id: "edit.move-up", label: "Move cell up", shortcut: "Ctrl+M K", menu: "Edit", separatorBefore: true, enabled: hasActive, run: () => nb.move(-1) },
    { id: "edit.move-down", label: "Move cell down", shortcut: "Ctrl+M J", menu: "Edit", enabled: hasActive, run: () => nb.move(1) },
    { id: "edit.to-text", label: "Convert to text cell", shortcut: "Ctrl+M M", commandKeys: ["M"], menu: "Edit", separatorBefore: true, enabled: hasActive, run: () => nb.changeType("markdown") },
    { id: "edit.to-code", label: "Convert to code cell", shortcut: "Ctrl+M Y", commandKeys: ["Y"], menu: "Edit", enabled: hasActive, run: () => nb.changeType("code") },
    { id: "edit.clear-outputs", label: "Clear all outputs", menu: "Edit", separatorBefore: true, run: page.clearAllOutputs },
    { id: "edit.notebook-settings", label: "Notebook settings", menu: "Edit", run: page.openNotebookSettings },
    // Modes and navigation (keyboard only)
    { id: "mode.command", label: "Leave the editor (command mode)", shortcut: "Esc", run: () => nb.exitEdit() },
    { id: "mode.edit", label: "Edit the selected cell", commandKeys: ["Enter"], run: () => nb.enterEdit() },
    { id: "nav.up", label: "Select the cell above", commandKeys: ["Up", "K"], run: () => nb.selectRelative(-1) },
    { id: "nav.down", label: "Select the cell below", commandKeys: ["Down", "J"], run: () => nb.selectRelative(1) },
    // View
    { id: "view.toc", label: "Table of contents", menu: "View", run: () => page.togglePanel("toc") },
    { id: "view.files", label: "Files", menu: "View", run: () => page.togglePanel("files") },
    { id: "view.code", label: "Show / hide code", menu: "View", run: page.toggleCode },
    { id: "view.theme", label: "Light / dark theme", menu: "View", separatorBefore: true, run: page.toggleTheme },
    { id: "view.collapse", label: "Collapse / expand section", shortcut: "Ctrl+M [", menu: "View", enabled: hasActive, run: () => nb.selection.activeId && nb.toggleCollapsed(nb.selection.activeId) },
    // Insert
    { id: "insert.code-below", label: "Code cell", shortcut: "Ctrl+M B", commandKeys: ["B"], menu: "Insert", run: () => nb.insert("code", "below") },
    { id: "insert.code-above", label: "Code cell above", shortcut: "Ctrl+M A", commandKeys: ["A"], menu: "Insert", run: () => nb.insert("code", "above") },
    { id: "insert.text-below", label: "Text cell", menu: "Insert", run: () => nb.insert("markdown", "below") },
    { id: "insert.section", label: "Section header cell", menu: "Insert", run: () => nb.insert("markdown", "below", true, "# Section") },
    { id: "insert.form-field", label: "Add a form field", menu: "Insert", run: page.openAddFormField },
    { id: "insert.snippets", label: "Code snippets", shortcut: "Ctrl+Alt+P", menu: "Insert", separatorBefore: true, run: () => page.togglePanel("snippets") },
    // Runtime
    { id: "run.all", label: "Run all", shortcut: "Ctrl+F9", menu: "Runtime", run: () => nb.runAll() },
    { id: "run.before", label: "Run before", shortcut: "Ctrl+F8", menu: "Runtime", enabled: hasActive, run: () => nb.runBefore() },
    { id: "run.cell", label: "Run the focused cell", shortcut: "Ctrl+Enter", menu: "Runtime", enabled: hasActive, run: () => nb.runActive() },
    { id: "run.selection", label: "Run selection", shortcut: "Ctrl+Shift+Enter", menu: "Runtime", enabled: hasActive, run: () => nb.runSelection() },
    { id: "run.after", label: "Run cell and below", shortcut: "Ctrl+F10", menu: "Runtime", enabled: hasActive, run: () => nb.runAfter() },
    { id: "run.next", label: "Run cell and select below", shortcut: "Shift+Enter", enabled: hasActive, run: () => nb.runAndAdvance() },
    { id: "run.insert", label: "Run cell and insert below", shortcut: "Alt+Enter", enabled: hasActive, run: () => nb.runAndInsert() },
    { id: "runtime.interrupt", label: "Interrupt execution", shortcut: "Ctrl+M I", menu: "Runtime", separatorBefore: true, run: page.interrupt },
    { id: "runtime.restart", label: "Restart session", shortcut: "Ctrl+M .", menu: "Runtime", run: page.restart },
    { id: "runtime.restart-run-all", label: "Restart session and run all", menu: "Runtime", run: page.restartAndRunAll },
    { id: "runtime.change-type", label: "Change runtime type", menu: "Runtime", separatorBefore: true, run: page.openChangeRuntimeType },
    { id: "runtime.local", label: "Connect to a local runtime…", menu: "Runtime", run: page.openLocalRuntime },
    { id: "runtime.disconnect", label: "Disconnect and delete runtime", menu: "Runtime", run: page.disconnect },
    { id: "runtime.sessions", label: "Manage sessions", menu: "Runtime", run: page.openManageSessions },
    { id: "runtime.schedule", label: "Schedule", menu: "Runtime", separatorBefore: true, run: page.openSchedule },
    // Tools
    { id: "tools.palette", label: "Command palette", shortcut: "Ctrl+Shift+P", menu: "Tools", run: page.openPalette },
    { id: "tools.settings", label: "Settings", menu: "Tools", run: page.openSettings },
    { id: "tools.shortcuts", label: "Keyboard shortcuts", shortcut: "Ctrl+M H", menu: "Tools", run: page.openShortcuts },
    { id: "tools.environment", label: "Runtime environment", menu: "Tools", run: page.openRuntimeEnvironment },
    { id: "tools.compare-environments", label: "Compare runtime environments", menu: "Tools", run: page.openCompareEnvironments },
    // Help
    { id: "help.shortcuts", label: "Keyboard shortcuts", menu: "Help", run: page.openShortcuts },
  ];
}

/** What someone who may not edit (a viewer, a commenter) can still do: read, copy, navigate, save a copy. */
const READ_ONLY_COMMANDS = new Set([
  "file.new",
  "file.open",
  "file.upload",
  "file.copy",
  "file.revisions",
  "file.download",
  "file.download-py",
  "file.drive",
  "edit.copy",
  "mode.command",
  "mode.edit",
  "nav.up",
  "nav.down",
  "view.toc",
  "view.files",
  "view.code",
  "view.theme",
  "view.collapse",
  "tools.palette",
  "tools.settings",
  "tools.shortcuts",
  "tools.environment",
  "help.shortcuts",
]);

/** The commands of a read-only notebook: nothing that edits the document or runs it. */
export function readOnlyCommands(commands: readonly Command[]): Command[] {
  return commands.filter((command) => READ_ONLY_COMMANDS.has(command.id));
}
