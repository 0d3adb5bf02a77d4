import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { EditableTitle } from "./EditableTitle";

function setup(name = "Untitled0.ipynb") {
  const onRename = vi.fn<(name: string) => void>();
  const view = render(<EditableTitle name={name} onRename={onRename} />);
  const field = screen.getByRole<HTMLInputElement>("textbox", { name: "Notebook name" });
  return { onRename, field, view };
}

describe("EditableTitle", () => {
  it("shows the name and renames on Enter", () => {
    const { onRename, field } = setup();
    expect(field.value).toBe("Untitled0.ipynb");
    fireEvent.focus(field);
    fireEvent.change(field, { target: { value: "  Analysis.ipynb " } });
    fireEvent.keyDown(field, { key: "Enter" });
    expect(onRename).toHaveBeenCalledExactlyOnceWith("Analysis.ipynb");
  });

  it("Escape cancels: the old name comes back and nothing is renamed, even when focus leaves", () => {
    const { onRename, field } = setup();
    field.focus();
    fireEvent.change(field, { target: { value: "Oops" } });
    fireEvent.keyDown(field, { key: "Escape" });
    expect(field.value).toBe("Untitled0.ipynb");
    fireEvent.blur(field);
    expect(onRename).not.toHaveBeenCalled();
  });

  it("renames when the field loses focus, but not to a blank or unchanged name", () => {
    const { onRename, field } = setup();
    fireEvent.focus(field);
    fireEvent.change(field, { target: { value: "   " } });
    fireEvent.blur(field);
    expect(field.value).toBe("Untitled0.ipynb");
    fireEvent.focus(field);
    fireEvent.blur(field);
    expect(onRename).not.toHaveBeenCalled();
    fireEvent.focus(field);
    fireEvent.change(field, { target: { value: "Data" } });
    fireEvent.blur(field);
    expect(onRename).toHaveBeenCalledExactlyOnceWith("Data");
  });

  it("follows a rename made elsewhere unless the user is typing", () => {
    const { field, view, onRename } = setup();
    view.rerender(<EditableTitle name="Renamed by Bob" onRename={onRename} />);
    expect(field.value).toBe("Renamed by Bob");
    fireEvent.focus(field);
    fireEvent.change(field, { target: { value: "Mine" } });
    view.rerender(<EditableTitle name="Again" onRename={onRename} />);
    expect(field.value).toBe("Mine");
  });
});
