import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { SnippetNotebooksSettings } from "./SnippetNotebooksSettings";
import { notebookIdOf } from "./snippetsApi";

let saved: string[] = [];
const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const path = new URL(String(input), "http://test").pathname;
  const id = decodeURIComponent(path.split("/").at(-1) ?? "");
  if (init?.method === "PUT") {
    if (id === "not-yours") {
      const error = { error: { code: "not_found", message: "No such notebook: it does not exist or is not yours." } };
      return new Response(JSON.stringify(error), { status: 404, headers: { "Content-Type": "application/json" } });
    }
    saved = [...saved, id];
  }
  if (init?.method === "DELETE") saved = saved.filter((other) => other !== id);
  return new Response(JSON.stringify({ notebook_ids: saved }), { status: 200, headers: { "Content-Type": "application/json" } });
});

beforeEach(() => {
  saved = ["nb1"];
  fetchMock.mockClear();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe("SnippetNotebooksSettings", () => {
  it("lists the user's snippet notebooks, adds one from its address and removes one", async () => {
    render(<SnippetNotebooksSettings />);
    expect(await screen.findByRole("link", { name: "nb1" })).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Notebook address or id"), {
      target: { value: "https://colab.example/notebooks/nb2?x=1" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(await screen.findByRole("link", { name: "nb2" })).toBeTruthy();
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === "PUT");
    expect(String(put?.[0])).toBe("/api/snippets/notebooks/nb2");

    fireEvent.click(screen.getByRole("button", { name: "Remove nb1" }));
    await waitFor(() => expect(screen.queryByRole("link", { name: "nb1" })).toBeNull());
    expect(screen.getByRole("link", { name: "nb2" })).toBeTruthy();
  });

  it("shows why a notebook cannot be added", async () => {
    render(<SnippetNotebooksSettings />);
    await screen.findByRole("link", { name: "nb1" });
    fireEvent.change(screen.getByLabelText("Notebook address or id"), { target: { value: "not-yours" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect((await screen.findByRole("alert")).textContent).toContain("is not yours");
  });

  it("reads a notebook id from an address or takes it as typed", () => {
    expect(notebookIdOf(" abc123 ")).toBe("abc123");
    expect(notebookIdOf("http://host/notebooks/abc_1-2#cell")).toBe("abc_1-2");
  });
});
