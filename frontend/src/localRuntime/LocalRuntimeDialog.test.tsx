import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { LocalRuntimeError, tokenOrOrigin, unreachable } from "./connectErrors";
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

  it("offers Colab's three commands for a classic Notebook, and shows every fix of a problem", async () => {
    const server = { baseUrl: "http://127.0.0.1:8890", host: "127.0.0.1:8890", token: "a" };
    const onConnect = vi.fn(() => Promise.reject(new LocalRuntimeError(tokenOrOrigin(server, ORIGIN))));
    render(<LocalRuntimeDialog origin={ORIGIN} onConnect={onConnect} onClose={() => undefined} />);
    fireEvent.click(screen.getByRole("button", { name: "I trust this notebook, continue" }));
    const classic = screen.getByText("Or a classic Jupyter Notebook, as on Colab").closest("details");
    expect(classic?.querySelector("code")?.textContent).toBe(
      `pip install jupyter_http_over_ws\njupyter serverextension enable --py jupyter_http_over_ws\njupyter notebook --NotebookApp.allow_origin='${ORIGIN}' --port=8888`,
    );
    fireEvent.change(screen.getByLabelText("Backend URL (with its token)"), { target: { value: "http://127.0.0.1:8890/?token=a" } });
    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    const alert = await screen.findByRole("alert");
    expect(alert.getAttribute("data-problem")).toBe("token-or-origin");
    expect(Array.from(alert.querySelectorAll("code"), (code) => code.textContent)).toEqual([
      `collaboratory local-runtime --origin ${ORIGIN}`,
      `jupyter server --ServerApp.allow_origin='${ORIGIN}' --ServerApp.allow_credentials=True --port=8890`,
      `jupyter notebook --NotebookApp.allow_origin='${ORIGIN}' --port=8890`,
    ]);
  });
});
