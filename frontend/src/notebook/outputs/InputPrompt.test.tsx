import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { InputPrompt } from "./InputPrompt";

describe("InputPrompt", () => {
  it("focuses a box labelled with the prompt and submits its value once on Enter", () => {
    const onSubmit = vi.fn();
    render(<InputPrompt prompt="Your name: " password={false} onSubmit={onSubmit} />);
    const box = screen.getByLabelText<HTMLInputElement>("Your name:");
    expect(document.activeElement).toBe(box);
    expect(box.type).toBe("text");
    fireEvent.change(box, { target: { value: "Ada" } });
    fireEvent.keyDown(box, { key: "a" });
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: "Enter" });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith("Ada");
  });

  it("uses a password box for getpass, with a name even without a prompt", () => {
    const onSubmit = vi.fn();
    render(<InputPrompt prompt="" password onSubmit={onSubmit} />);
    const box = screen.getByLabelText<HTMLInputElement>("Password");
    expect(box.type).toBe("password");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSubmit).toHaveBeenCalledWith("");
  });
});
