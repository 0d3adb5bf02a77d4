import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { KeyboardShortcutsDialog } from "./KeyboardShortcutsDialog";
import { NotebookSettingsDialog } from "./NotebookSettingsDialog";
import { SaveStatus } from "./SaveStatus";

describe("NotebookSettingsDialog", () => {
  it("saves omit_outputs under metadata.collaboratory, keeping its other keys", () => {
    const onSave = vi.fn();
    const onClose = vi.fn();
    const metadata = { kernelspec: { name: "python3" }, collaboratory: { other: 1 } };
    render(<NotebookSettingsDialog metadata={metadata} onSave={onSave} onClose={onClose} />);
    const box = screen.getByRole("checkbox", { name: "Omit code cell output when saving this notebook" });
    expect((box as HTMLInputElement).checked).toBe(false);
    fireEvent.click(box);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSave).toHaveBeenCalledExactlyOnceWith({ collaboratory: { other: 1, omit_outputs: true } });
    expect(onClose).toHaveBeenCalled();
  });

  it("shows the stored choice, and Escape closes without saving", () => {
    const onSave = vi.fn();
    const onClose = vi.fn();
    render(<NotebookSettingsDialog metadata={{ collaboratory: { omit_outputs: true } }} onSave={onSave} onClose={onClose} />);
    expect(screen.getByRole<HTMLInputElement>("checkbox").checked).toBe(true);
    fireEvent.keyDown(document, { key: "Escape" });
    expect(onClose).toHaveBeenCalledOnce();
    expect(onSave).not.toHaveBeenCalled();
  });
});

describe("KeyboardShortcutsDialog", () => {
  it("lists only commands with shortcuts, as keycaps, and filters them", () => {
    const commands = [
      { id: "run", label: "Run cell", shortcut: "Ctrl+Enter", run: () => {} },
      { id: "delete", label: "Delete cell", shortcut: "Ctrl+M D", run: () => {} },
      { id: "about", label: "About", run: () => {} },
    ];
    render(<KeyboardShortcutsDialog commands={commands} onClose={() => {}} />);
    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    const rows = within(dialog).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.firstChild?.textContent)).toEqual(["Run cell", "Delete cell"]);
    const keys = Array.from(rows[1]?.querySelectorAll("kbd") ?? []).map((kbd) => kbd.textContent);
    expect(keys).toEqual(["Ctrl", "M", "D"]);
    fireEvent.change(screen.getByRole("searchbox", { name: "Search shortcuts" }), { target: { value: "del" } });
    expect(within(dialog).getAllByRole("row")).toHaveLength(2);
  });
});

describe("SaveStatus", () => {
  it("says what state the notebook is in", () => {
    const view = render(<SaveStatus state="saving" />);
    expect(screen.getByRole("status").textContent).toBe("Saving…");
    view.rerender(<SaveStatus state="saved" />);
    expect(screen.getByRole("status").textContent).toBe("All changes saved");
    view.rerender(<SaveStatus state="offline" />);
    expect(screen.getByRole("status").textContent).toBe("Offline — changes will be saved when you reconnect");
  });
});
