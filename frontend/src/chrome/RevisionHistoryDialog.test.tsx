import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { RevisionHistoryDialog } from "./RevisionHistoryDialog";
import type { Revision } from "./revisionsApi";

const revisions: Revision[] = [
  { id: "r2", created_at: "2024-05-02T10:30:00Z", created_by: "me", kind: "manual", label: "Before cleanup" },
  { id: "r1", created_at: "2024-05-01T09:00:00Z", created_by: null, kind: "auto", label: null },
];
const notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", id: "m", source: ["# Results\n", "<img src=x onerror=alert(1)>"], metadata: {} },
    { cell_type: "code", id: "c", source: "print(6*7)", metadata: {}, outputs: [], execution_count: 1 },
  ],
};

const calls: string[] = [];
function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  const method = init?.method ?? "GET";
  calls.push(`${method} ${url}`);
  if (url === "/api/me") return json({ id: "me", username: "alice", is_guest: false });
  if (url === "/api/notebooks/nb1/revisions" && method === "GET") return json(revisions);
  if (url === "/api/notebooks/nb1/revisions" && method === "POST") return json({ ...revisions[0], id: "r3" }, 201);
  if (url === "/api/notebooks/nb1/revisions/r2" && method === "GET") return json(notebook);
  if (url === "/api/notebooks/nb1/revisions/r2/restore" && method === "POST") return json(notebook);
  return json({ error: { code: "not_found", message: "No such thing." } }, 404);
});

beforeEach(() => {
  calls.length = 0;
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe("RevisionHistoryDialog", () => {
  it("lists revisions with time, author and reason, and previews one read-only", async () => {
    render(<RevisionHistoryDialog notebookId="nb1" onClose={() => {}} />);
    const list = await screen.findByRole("list", { name: "Revisions" });
    await waitFor(() => expect(within(list).getAllByRole("button")[0]?.textContent).toContain("You"));
    const [newest, oldest] = within(list).getAllByRole("button");
    expect(newest?.textContent).toContain("Saved by hand: Before cleanup");
    expect(newest?.querySelector("time")?.getAttribute("dateTime")).toBe("2024-05-02T10:30:00Z");
    expect(oldest?.textContent).toContain("Collaboratory · Saved automatically");

    fireEvent.click(newest!);
    const preview = screen.getByRole("region", { name: "Revision preview" });
    expect(await within(preview).findByRole("heading", { name: "Results" })).toBeTruthy();
    expect(within(preview).getByText("print(6*7)").tagName).toBe("PRE");
    expect(preview.querySelector("img")?.getAttribute("onerror")).toBeNull();
  });

  it("restores only after confirmation", async () => {
    const onRestored = vi.fn();
    render(<RevisionHistoryDialog notebookId="nb1" onClose={() => {}} onRestored={onRestored} />);
    fireEvent.click(await screen.findByRole("button", { name: /Before cleanup/ }));
    fireEvent.click(await screen.findByRole("button", { name: "Restore this revision" }));
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(calls.some((call) => call.endsWith("/restore"))).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Restore this revision" }));
    fireEvent.click(screen.getByRole("button", { name: "Restore" }));
    expect(await screen.findByText(/Revision restored/)).toBeTruthy();
    expect(calls).toContain("POST /api/notebooks/nb1/revisions/r2/restore");
    expect(onRestored).toHaveBeenCalledOnce();
  });

  it("saves a revision now and reloads the list", async () => {
    render(<RevisionHistoryDialog notebookId="nb1" onClose={() => {}} />);
    await screen.findByRole("button", { name: /Before cleanup/ });
    fireEvent.click(screen.getByRole("button", { name: "Save revision now" }));
    expect(await screen.findByText("Revision saved.")).toBeTruthy();
    expect(calls.filter((call) => call === "GET /api/notebooks/nb1/revisions")).toHaveLength(2);
    expect(calls).toContain("POST /api/notebooks/nb1/revisions");
  });

  it("shows the server's error", async () => {
    render(<RevisionHistoryDialog notebookId="missing" onClose={() => {}} />);
    expect((await screen.findByRole("alert")).textContent).toBe("No such thing.");
  });
});
