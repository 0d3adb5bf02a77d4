import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { MenuBar } from "./MenuBar";
import type { Menu } from "./types";

function setup() {
  const ran = vi.fn<(label: string) => void>();
  const action = (label: string, extra: object = {}) => ({ label, onSelect: () => ran(label), ...extra });
  const menus: Menu[] = [
    {
      label: "File",
      items: [action("New notebook"), { separator: true }, action("Save", { shortcut: "Ctrl+S" }), action("Locked", { disabled: true })],
    },
    { label: "Edit", items: [action("Undo", { shortcut: "Ctrl+Z" }), action("Redo")] },
    { label: "Runtime", items: [action("Run all", { shortcut: "Ctrl+F9" }), action("Show table", { checked: true })] },
  ];
  render(
    <div>
      <MenuBar menus={menus} />
      <p>outside</p>
    </div>,
  );
  return { ran };
}

const top = (name: string) => within(screen.getByRole("menubar")).getByRole("menuitem", { name });
const focusedName = () => document.activeElement?.textContent;

describe("MenuBar", () => {
  it("opens a menu on click and shows shortcuts outside the items' names", () => {
    const { ran } = setup();
    fireEvent.click(top("File"));
    const menu = screen.getByRole("menu", { name: "File" });
    expect(top("File").getAttribute("aria-expanded")).toBe("true");
    const save = within(menu).getByRole("menuitem", { name: "Save" });
    expect(save.getAttribute("aria-keyshortcuts")).toBe("Ctrl+S");
    expect(save.textContent).toContain("Ctrl+S");
    fireEvent.click(save);
    expect(ran).toHaveBeenCalledWith("Save");
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("moves with the arrow keys past separators and disabled items, and Enter selects", () => {
    const { ran } = setup();
    top("File").focus();
    fireEvent.keyDown(top("File"), { key: "ArrowDown" });
    expect(focusedName()).toBe("New notebook");
    const menu = screen.getByRole("menu", { name: "File" });
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(focusedName()).toContain("Save");
    fireEvent.keyDown(menu, { key: "ArrowDown" }); // "Locked" is disabled: wraps to the first
    expect(focusedName()).toBe("New notebook");
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    expect(focusedName()).toContain("Save");
    fireEvent.keyDown(menu, { key: "Enter" });
    expect(ran).toHaveBeenCalledExactlyOnceWith("Save");
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("switches menus with left and right arrows, and Escape closes back to the button", () => {
    setup();
    fireEvent.keyDown(top("File"), { key: "Enter" });
    fireEvent.keyDown(screen.getByRole("menu"), { key: "ArrowRight" });
    expect(screen.getByRole("menu").getAttribute("aria-label")).toBe("Edit");
    expect(focusedName()).toContain("Undo");
    fireEvent.keyDown(screen.getByRole("menu"), { key: "ArrowLeft" });
    fireEvent.keyDown(screen.getByRole("menu"), { key: "ArrowLeft" }); // wraps to the last menu
    expect(screen.getByRole("menu").getAttribute("aria-label")).toBe("Runtime");
    fireEvent.keyDown(screen.getByRole("menu"), { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(top("Runtime"));
  });

  it("moves between closed menu buttons with the arrow keys (roving tab stop)", () => {
    setup();
    top("File").focus();
    fireEvent.keyDown(top("File"), { key: "ArrowRight" });
    expect(document.activeElement).toBe(top("Edit"));
    expect(top("Edit").tabIndex).toBe(0);
    expect(top("File").tabIndex).toBe(-1);
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("switches the open menu on hover, and closes on a click outside", () => {
    setup();
    fireEvent.mouseEnter(top("Edit")); // nothing open: hovering does not open
    expect(screen.queryByRole("menu")).toBeNull();
    fireEvent.click(top("File"));
    fireEvent.mouseEnter(top("Runtime"));
    expect(screen.getByRole("menu").getAttribute("aria-label")).toBe("Runtime");
    const check = within(screen.getByRole("menu")).getByRole("menuitem", { name: "Show table" });
    expect(check.dataset.checked).toBe("true");
    act(() => {
      fireEvent.mouseDown(screen.getByText("outside"));
    });
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("does nothing for a disabled item", () => {
    const { ran } = setup();
    fireEvent.click(top("File"));
    const locked = screen.getByRole("menuitem", { name: "Locked" });
    expect(locked.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(locked);
    expect(ran).not.toHaveBeenCalled();
    expect(screen.getByRole("menu")).toBeTruthy();
  });
});
