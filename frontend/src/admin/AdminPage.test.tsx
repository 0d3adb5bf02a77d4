import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { AdminPage } from "./AdminPage";
import type { AdminRuntime, AdminUser } from "./adminApi";

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const user = (id: string, username: string, extra: Partial<AdminUser> = {}): AdminUser => ({
  id,
  username,
  is_guest: false,
  is_admin: false,
  disabled: false,
  created_at: "2026-01-01T00:00:00Z",
  runtimes: 0,
  ...extra,
});

let users: AdminUser[];
let runtimes: AdminRuntime[];
const calls: string[] = [];

const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  const method = init?.method ?? "GET";
  calls.push(`${method} ${url}${init?.body ? ` ${String(init.body)}` : ""}`);
  if (url === "/api/admin/users") return json(users);
  if (url === "/api/admin/runtimes") return json(runtimes);
  if (url === "/api/admin/accelerators") return json([{ kind: "gpu", total: 2, free: 1, queue: [] }]);
  const change = /^\/api\/admin\/users\/(\w+)$/.exec(url);
  if (change && method === "PATCH") {
    users = users.map((u) => (u.id === change[1] ? { ...u, ...(JSON.parse(String(init?.body)) as Partial<AdminUser>) } : u));
    return json(users.find((u) => u.id === change[1]));
  }
  if (url.startsWith("/api/admin/runtimes/") && method === "DELETE") {
    runtimes = [];
    return new Response(null, { status: 204 });
  }
  return json({ error: { code: "not_found", message: "Not found." } }, 404);
});

beforeEach(() => {
  users = [user("u1", "root", { is_admin: true }), user("u2", "alice", { runtimes: 1 })];
  runtimes = [
    {
      id: "r1",
      notebook_id: "nb",
      runtime_type: "cpu",
      state: "ready",
      kernel_id: "k1",
      kernelspec: "python3",
      accelerator: null,
      queue_position: null,
      execution_state: "idle",
      created_at: "2026-01-01T00:00:00Z",
      expires_at: "2026-01-02T00:00:00Z",
      last_activity: "2026-01-01T00:00:00Z",
      error: null,
      reason: null,
      owner: "alice",
      owner_id: "u2",
      age_seconds: 125,
      usage: { memory_bytes: 50 * 1024 * 1024, memory_limit_bytes: null, cpu_percent: 3, disk_bytes: 0, disk_limit_bytes: null, gpus: [], reported: true },
    },
  ];
  calls.length = 0;
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe("AdminPage", () => {
  it("lists users, runtimes and the queue; makes an admin; stops a runtime", async () => {
    render(<AdminPage />);
    const table = await screen.findByRole("table", { name: "Users" });
    const alice = within(table).getByRole("row", { name: "alice" });
    fireEvent.click(within(alice).getByRole("button", { name: "Make admin" }));
    await waitFor(() => expect(within(screen.getByRole("row", { name: "alice" })).getByText("Admin")).toBeTruthy());
    expect(calls).toContain('PATCH /api/admin/users/u2 {"is_admin":true}');

    const runtime = screen.getByRole("row", { name: "alice's cpu runtime" });
    expect(within(runtime).getByText("2 min")).toBeTruthy();
    expect(within(runtime).getByText(/RAM 50 MiB, CPU 3%/)).toBeTruthy();
    expect(screen.getByText("GPU: 1 of 2 free, 0 waiting")).toBeTruthy();
    fireEvent.click(within(runtime).getByRole("button", { name: "Stop" }));
    expect(await screen.findByText("No runtime is running.")).toBeTruthy();
    expect(calls).toContain("DELETE /api/admin/runtimes/r1");
  });

  it("says what the server says to someone who is not an admin", async () => {
    users = [];
    vi.stubGlobal("fetch", vi.fn(async () => json({ error: { code: "not_found", message: "Not found." } }, 404)));
    render(<AdminPage />);
    expect(await screen.findByText("Not found.")).toBeTruthy();
  });
});
