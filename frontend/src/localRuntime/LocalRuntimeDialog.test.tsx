import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { LocalRuntimeError, unreachable } from "./connectErrors";
import { LocalRuntimeDialog } from "./LocalRuntimeDialog";

const ORIGIN = "http://127.0.0.1:8000";

describe("LocalRuntimeDialog", () => {
  it("warns first, then connects with the pasted URL", async () => {
    const onConnect = vi.fn(() => Promise.resolve());
    const onClose = vi.fn();
    render(<LocalRuntimeDialog origin={ORIGIN} onConnect={onConnect} onClose={onClose} />);
    expect(screen.getByRole("note").textContent).toContain("Local execution runs code from the notebook on your machine");
    expect(screen.queryByLabelText("Backend URL (with its token)")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "I trust this notebook, continue" }));
    fireEvent.change(screen.getByLabelText("Backend URL (with its token)"), { target: { value: "http://127.0.0.1:8888/?token=a" } });
    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    expect(onConnect).toHaveBeenCalledWith("http://127.0.0.1:8888/?token=a");
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it("shows the problem and the command that fixes it", async () => {
    const server = { baseUrl: "http://127.0.0.1:8888", host: "127.0.0.1:8888", token: "a" };
    const onConnect = vi.fn(() => Promise.reject(new LocalRuntimeError(unreachable(server, ORIGIN))));
    render(<LocalRuntimeDialog origin={ORIGIN} onConnect={onConnect} onClose={() => undefined} />);
    fireEvent.click(screen.getByRole("button", { name: "I trust this notebook, continue" }));
    fireEvent.change(screen.getByLabelText("Backend URL (with its token)"), { target: { value: "http://127.0.0.1:8888/?token=a" } });
    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Nothing answers at 127.0.0.1:8888");
    expect(alert.querySelector("code")?.textContent).toBe(`collaboratory local-runtime --origin ${ORIGIN}`);
  });
});
