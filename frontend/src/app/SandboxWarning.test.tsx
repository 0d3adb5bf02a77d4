import { describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import type { Status, User } from "../api/types";
import { SandboxWarning, UNSANDBOXED_WARNING, runtimesUnsandboxed } from "./SandboxWarning";

function status(sandbox: string | null): Status {
  return {
    version: "0.1.0",
    guests_allowed: true,
    signup_allowed: true,
    max_upload_bytes: 1024,
    upload_chunk_bytes: 1024,
    runtimes: sandbox === null ? { backend: "gateway" } : { backend: "local", sandbox, limits: "cgroup v2: memory, cpu, pids enforced" },
  };
}

describe("SandboxWarning", () => {
  it('is shown, and cannot be dismissed, when the server says sandbox "none"', () => {
    render(<SandboxWarning status={status('none: runtimes are NOT sandboxed (sandbox = "none")')} />);
    const banner = screen.getByRole("alert");
    expect(banner.textContent).toContain(UNSANDBOXED_WARNING);
    expect(banner.textContent).toContain("code in a notebook runs with the server's rights");
    expect(banner.textContent).toContain("Only for a trusted single-user machine.");
    expect(banner.getAttribute("title")).toContain('sandbox = "none"');
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("is not shown for a sandboxed server, a backend without a sandbox line, or before the status came", () => {
    for (const value of [status("bubblewrap, as uid 65534"), status("bubblewrap"), status(null), null, undefined]) {
      const { container, unmount } = render(<SandboxWarning status={value} />);
      expect(container.innerHTML).toBe("");
      unmount();
    }
  });

  it("reads the description's first word only", () => {
    expect(runtimesUnsandboxed(status("none: something"))).toBe(true);
    expect(runtimesUnsandboxed(status("none"))).toBe(true);
    expect(runtimesUnsandboxed(status("bubblewrap (none of the above)"))).toBe(false);
    expect(runtimesUnsandboxed(status("nonesuch"))).toBe(false);
  });
});

describe("the app shell", () => {
  it("shows the banner on the sign-in page and in Drive while the server is unsandboxed", async () => {
    const { authApi } = await import("../api/endpoints");
    const { ApiError } = await import("../api/errors");
    const { App } = await import("./App");
    const unsandboxed = status('none: runtimes are NOT sandboxed (sandbox = "none")');
    const statusSpy = vi.spyOn(authApi, "status").mockResolvedValue(unsandboxed);
    const me = vi.spyOn(authApi, "me").mockRejectedValue(new ApiError(401, "unauthorized", "Sign in."));
    window.history.pushState({}, "", "/no/such/page");
    try {
      render(<App />);
      expect((await screen.findByRole("alert")).textContent).toContain(UNSANDBOXED_WARNING);
      cleanup();

      me.mockResolvedValue({ id: "u1", username: "alice", is_guest: false, is_admin: false } as User);
      render(<App />);
      await screen.findByText(/Page not found/);
      expect(screen.getByRole("alert").textContent).toContain(UNSANDBOXED_WARNING);
      cleanup();

      statusSpy.mockResolvedValue(status("bubblewrap, as uid 65534"));
      render(<App />);
      await screen.findByText(/Page not found/);
      await waitFor(() => expect(statusSpy).toHaveBeenCalledTimes(3));
      expect(screen.queryByText(UNSANDBOXED_WARNING)).toBeNull();
    } finally {
      vi.restoreAllMocks();
      window.history.pushState({}, "", "/");
    }
  });
});
