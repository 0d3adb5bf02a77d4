import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { TableOfContents } from "./TableOfContents";

const entries = [
  { cellId: "a", level: 2, text: "Setup" },
  { cellId: "b", level: 3, text: "Imports" },
  { cellId: "c", level: 2, text: "Results" },
];

describe("TableOfContents", () => {
  it("lists headings, indented relative to the top level, and jumps to a heading's cell", () => {
    const onJump = vi.fn();
    render(<TableOfContents entries={entries} onJump={onJump} activeId="c" />);
    const nav = screen.getByRole("navigation", { name: "Table of contents" });
    const buttons = within(nav).getAllByRole("button");
    expect(buttons.map((b) => b.textContent)).toEqual(["Setup", "Imports", "Results"]);
    expect(buttons[0]?.style.paddingLeft).toBe("12px");
    expect(buttons[1]?.style.paddingLeft).toBe("28px");
    fireEvent.click(screen.getByRole("button", { name: "Imports" }));
    expect(onJump).toHaveBeenCalledExactlyOnceWith("b");
  });

  it("marks the active heading", () => {
    render(<TableOfContents entries={entries} onJump={() => {}} activeId="c" />);
    expect(screen.getByRole("button", { name: "Results" }).getAttribute("aria-current")).toBe("location");
    expect(screen.getByRole("button", { name: "Setup" }).getAttribute("aria-current")).toBeNull();
  });

  it("explains how to get entries when there are none", () => {
    render(<TableOfContents entries={[]} onJump={() => {}} />);
    expect(screen.getByText(/Add headings to text cells/)).toBeTruthy();
  });
});
