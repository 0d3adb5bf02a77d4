import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { RuntimeWarning } from "./RuntimeWarning";
import { fakeController, fakeRuntime } from "./testing";

describe("RuntimeWarning", () => {
  it("shows nothing without notices", () => {
    const { container } = render(<RuntimeWarning controller={fakeController()} />);
    expect(container.innerHTML).toBe("");
  });

  it("shows a cull warning until dismissed, and the next one again", () => {
    const first = "This runtime has been idle and will be deleted in 5 minutes unless you use it.";
    const { rerender } = render(<RuntimeWarning controller={fakeController({ warning: first })} />);
    expect(screen.getByRole("status").textContent).toContain(first);
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("status")).toBeNull();
    rerender(<RuntimeWarning controller={fakeController({ warning: "Maximum lifetime in 2 minutes." })} />);
    expect(screen.getByRole("status").textContent).toContain("Maximum lifetime");
  });

  it("shows errors as alerts", () => {
    render(<RuntimeWarning controller={fakeController({ error: "No GPU is available now." })} />);
    expect(screen.getByRole("alert").textContent).toContain("No GPU is available now.");
  });

  it("leaves a crash to the Connect button, which says it with what to do", () => {
    const error = "Your session crashed after using all available RAM.";
    const runtime = fakeRuntime({ state: "dead", reason: "oom", error });
    const { container } = render(<RuntimeWarning controller={fakeController({ status: "dead", runtime, error })} />);
    expect(container.innerHTML).toBe("");
  });
});
