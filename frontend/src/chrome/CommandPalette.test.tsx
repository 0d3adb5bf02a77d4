import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { CommandPalette } from "./CommandPalette";
import type { Command } from "./types";

function setup() {
  const ran = vi.fn<(id: string) => void>();
  const onClose = vi.fn();
  const commands: Command[] = ["Run all", "Run cell", "Restart session", "Insert code cell"].map((label) => ({
    id: label.toLowerCase().replace(/ /g, "-"),
    label,
    shortcut: label === "Run all" ? "Ctrl+F9" : undefined,
    run: () => ran(label),
  }));
  render(<CommandPalette commands={commands} onClose={onClose} />);
  const input = screen.getByRole("combobox", { name: "Search commands" });
  const options = () => screen.queryAllByRole("option").map((option) => option.firstChild?.textContent);
  return { ran, onClose, input, options };
}

describe("CommandPalette", () => {
  it("focuses the search box and lists every command", () => {
    const { input, options } = setup();
    expect(document.activeElement).toBe(input);
    expect(options()).toEqual(["Run all", "Run cell", "Restart session", "Insert code cell"]);
    expect(screen.getByRole("option", { name: /Run all/ }).textContent).toContain("F9");
  });

  it("filters as you type, and Enter runs the first match and closes", () => {
    const { ran, onClose, input, options } = setup();
    fireEvent.change(input, { target: { value: "cell" } });
    expect(options()).toEqual(["Run cell", "Insert code cell"]);
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onClose).toHaveBeenCalledOnce();
    expect(ran).toHaveBeenCalledExactlyOnceWith("Run cell");
  });

  it("moves the selection with the arrow keys", () => {
    const { ran, input } = setup();
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(screen.getByRole("option", { selected: true }).textContent).toBe("Restart session");
    expect(input.getAttribute("aria-activedescendant")).toBe(screen.getByRole("option", { selected: true }).id);
    fireEvent.keyDown(input, { key: "ArrowUp" });
    fireEvent.keyDown(input, { key: "ArrowUp" });
    fireEvent.keyDown(input, { key: "ArrowUp" }); // wraps to the last
    fireEvent.keyDown(input, { key: "Enter" });
    expect(ran).toHaveBeenCalledExactlyOnceWith("Insert code cell");
  });

  it("says when nothing matches, runs nothing on Enter, and Escape closes", () => {
    const { ran, onClose, input } = setup();
    fireEvent.change(input, { target: { value: "qqq" } });
    expect(screen.getByText("No matching commands")).toBeTruthy();
    fireEvent.keyDown(input, { key: "Enter" });
    expect(ran).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: "Escape" });
    expect(onClose).toHaveBeenCalledOnce();
  });

  it("runs a command on click", () => {
    const { ran } = setup();
    fireEvent.click(screen.getByRole("option", { name: "Restart session" }));
    expect(ran).toHaveBeenCalledWith("Restart session");
  });
});
