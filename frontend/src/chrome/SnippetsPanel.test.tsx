import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { SnippetsPanel } from "./SnippetsPanel";
import type { Snippet } from "./snippetsApi";

const LIBRARY: Snippet[] = [
  {
    id: "drive",
    title: "Mount Drive",
    description: "Drive files in the runtime.",
    code: "drive.mount('/content/drive')",
    cells: [{ cell_type: "code", source: "drive.mount('/content/drive')" }],
  },
  {
    id: "csv",
    title: "Read a CSV",
    description: "Load a CSV with pandas.",
    code: "pd.read_csv('x.csv')",
    cells: [
      { cell_type: "markdown", source: "Load it:" },
      { cell_type: "code", source: "pd.read_csv('x.csv')" },
    ],
  },
];

const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
  const q = new URL(String(input), "http://test").searchParams.get("q") ?? "";
  const found = LIBRARY.filter((s) => s.title.toLowerCase().includes(q.toLowerCase()));
  return new Response(JSON.stringify(found), { status: 200, headers: { "Content-Type": "application/json" } });
});

async function settle(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  fetchMock.mockClear();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("SnippetsPanel", () => {
  it("lists every snippet, searches once typing pauses, and inserts the chosen code", async () => {
    const onInsert = vi.fn();
    render(<SnippetsPanel onInsert={onInsert} />);
    await settle(300);
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(["Mount Drive", "Read a CSV"]);
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe("/api/snippets");

    const search = screen.getByRole("searchbox", { name: "Search code snippets" });
    fireEvent.change(search, { target: { value: "c" } });
    fireEvent.change(search, { target: { value: "cs" } });
    fireEvent.change(search, { target: { value: "csv" } });
    await settle(300);
    expect(fetchMock).toHaveBeenCalledTimes(2); // debounced: one request for "csv"
    expect(String(fetchMock.mock.calls[1]?.[0])).toBe("/api/snippets?q=csv");
    expect(screen.queryByRole("button", { name: "Mount Drive" })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Read a CSV" }));
    expect(screen.getByText("Load a CSV with pandas.")).toBeTruthy();
    expect(screen.getByText("pd.read_csv('x.csv')").tagName).toBe("CODE");
    fireEvent.click(screen.getByRole("button", { name: "Insert" }));
    expect(onInsert).toHaveBeenCalledExactlyOnceWith(LIBRARY[1]);
  });

  it("says when nothing matches, and shows the server's error", async () => {
    render(<SnippetsPanel onInsert={() => {}} />);
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "nothing" } });
    await settle(300);
    expect(screen.getByText("No snippets match.")).toBeTruthy();

    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ error: { code: "query_too_long", message: "Too long." } }), { status: 400 }),
    );
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "other" } });
    await settle(300);
    expect(screen.getByRole("alert").textContent).toBe("Too long.");
  });

  it("refuses an over-long search without asking the server", async () => {
    render(<SnippetsPanel onInsert={() => {}} />);
    await settle(300);
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "x".repeat(201) } });
    await settle(300);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("alert").textContent).toContain("200");
  });
});
