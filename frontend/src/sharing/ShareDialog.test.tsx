import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { Sharing } from "../api/types";
import { ShareDialog } from "./ShareDialog";

let stored: Sharing;
const puts: Sharing[] = [];

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

// The server's part as the dialog sees it: GET returns the sharing, PUT replaces it (unknown
// names are refused as the real API refuses them).
const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  if (url !== "/api/drive/items/nb1/sharing") return json({ error: { code: "not_found", message: "No such item." } }, 404);
  if (init?.method === "PUT") {
    const body = JSON.parse(String(init.body)) as Sharing;
    puts.push(body);
    const unknown = body.people.find((p) => !["bob", "carol"].includes(p.username));
    if (unknown) return json({ error: { code: "unknown_user", message: `There is no user named '${unknown.username}'.` } }, 400);
    stored = body;
  }
  return json(stored);
});

beforeEach(() => {
  stored = { owner: "alice", people: [{ username: "carol", role: "viewer" }], link_role: null };
  puts.length = 0;
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

const ITEM = { id: "nb1", name: "plans.ipynb", kind: "notebook" as const, role: "owner" as const };

describe("ShareDialog", () => {
  it("adds a person with a role, changes and removes one, and sets general access", async () => {
    render(<ShareDialog item={ITEM} onClose={() => {}} />);
    const people = await screen.findByRole("list", { name: "People with access" });
    expect(within(people).getByText("alice")).toBeTruthy();
    expect(within(people).getByText("Owner")).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Add people by user name"), { target: { value: "bob" } });
    fireEvent.change(screen.getByLabelText("Role for new people"), { target: { value: "editor" } });
    fireEvent.click(screen.getByRole("button", { name: "Share" }));
    await screen.findByText("Shared with bob.");
    expect(stored.people).toEqual([{ username: "carol", role: "viewer" }, { username: "bob", role: "editor" }]);

    fireEvent.change(screen.getByLabelText("Role of bob"), { target: { value: "viewer" } });
    await screen.findByText("bob is now a viewer.");
    fireEvent.change(screen.getByLabelText("Role of carol"), { target: { value: "remove" } });
    await screen.findByText("carol no longer has access.");
    expect(stored.people).toEqual([{ username: "bob", role: "viewer" }]);

    fireEvent.change(screen.getByLabelText("General access"), { target: { value: "link" } });
    await screen.findByText("Anyone with the link can view.");
    fireEvent.change(screen.getByLabelText("Link role"), { target: { value: "commenter" } });
    await waitFor(() => expect(stored.link_role).toBe("commenter"));
  });

  it("says why a name was refused and keeps what was shared", async () => {
    render(<ShareDialog item={ITEM} onClose={() => {}} />);
    await screen.findByRole("list", { name: "People with access" });
    fireEvent.change(screen.getByLabelText("Add people by user name"), { target: { value: "nobody" } });
    fireEvent.click(screen.getByRole("button", { name: "Share" }));
    await screen.findByText("There is no user named 'nobody'.");
    expect(stored.people).toEqual([{ username: "carol", role: "viewer" }]);
  });

  it("hands ownership over", async () => {
    render(<ShareDialog item={ITEM} onClose={() => {}} />);
    await screen.findByRole("list", { name: "People with access" });
    fireEvent.change(screen.getByLabelText("Role of carol"), { target: { value: "owner" } });
    // Asked first: cancelling changes nothing.
    const ask = screen.getByRole("group", { name: "Confirm the transfer of ownership" });
    fireEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("group", { name: "Confirm the transfer of ownership" })).toBeNull();
    expect(puts).toHaveLength(0);
    fireEvent.change(screen.getByLabelText("Role of carol"), { target: { value: "owner" } });
    const again = screen.getByRole("group", { name: "Confirm the transfer of ownership" });
    expect(again.textContent).toContain("Make carol the owner");
    fireEvent.click(within(again).getByRole("button", { name: "Transfer ownership" }));
    await screen.findByText("carol is now the owner.");
    expect(puts.at(-1)).toEqual({ owner: "carol", people: [], link_role: null });
  });

  it("shows someone it is shared with who has access, and nothing to change", async () => {
    render(<ShareDialog item={{ ...ITEM, role: "viewer" }} onClose={() => {}} />);
    const people = await screen.findByRole("list", { name: "People with access" });
    expect(within(people).getByText("Viewer")).toBeTruthy();
    expect(screen.queryByLabelText("Add people by user name")).toBeNull();
    expect(screen.queryByLabelText("Role of carol")).toBeNull();
    expect(screen.getByLabelText<HTMLSelectElement>("General access").disabled).toBe(true);
    expect(screen.getByText("Only the owner can change who has access.")).toBeTruthy();
    expect(puts).toEqual([]);
  });
});
