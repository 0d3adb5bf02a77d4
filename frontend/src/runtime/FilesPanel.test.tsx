import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RuntimeFile } from "./api";
import { FilesPanel } from "./FilesPanel";
import { FilesNavigationContext } from "./filesNavigation";
import { fakeController, fakeRuntime, stubFetch } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const file = (path: string, kind: RuntimeFile["kind"] = "file", size = 10): RuntimeFile => ({
  name: path.split("/").pop()!,
  path,
  kind,
  size,
  modified: "2026-01-01T00:00:00Z",
});

const connected = () => fakeController({ status: "ready", runtime: fakeRuntime() });

describe("FilesPanel", () => {
  it("asks to connect when there is no runtime", () => {
    const controller = fakeController();
    render(<FilesPanel controller={controller} />);
    expect(screen.getByText("Connect to a runtime to browse its files.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    expect(controller.connect).toHaveBeenCalled();
  });

  it("browses folders with breadcrumbs and hides dot-files unless asked", async () => {
    const calls = stubFetch({ "GET /api/runtimes/rt1/files": [file("data", "directory"), file(".ipython", "directory"), file("x.txt")] });
    render(<FilesPanel controller={connected()} />);
    const list = await screen.findByRole("list", { name: "Files" });
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["data", "x.txt10 B"]);
    const download = within(list).getByRole("link", { name: "Download" });
    expect(download.getAttribute("href")).toBe("/api/runtimes/rt1/files/content?path=x.txt");
    fireEvent.click(screen.getByRole("button", { name: "Show hidden files" }));
    expect(within(list).getByText(".ipython")).toBeTruthy();

    stubFetch({ "GET /api/runtimes/rt1/files": [file("data/a.csv")] });
    fireEvent.click(within(list).getByRole("button", { name: "data" }));
    expect(await screen.findByText("a.csv")).toBeTruthy();
    const crumbs = screen.getByRole("navigation", { name: "Folder path" });
    expect(crumbs.textContent).toBe("contentdata");
    expect(calls[0]?.url).toBe("/api/runtimes/rt1/files?path=");
  });

  it("deletes after confirmation", async () => {
    const calls = stubFetch({ "GET /api/runtimes/rt1/files": [file("x.txt")], "DELETE /api/runtimes/rt1/files": undefined });
    render(<FilesPanel controller={connected()} />);
    fireEvent.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("dialog", { name: "Delete x.txt?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    expect(calls.find((c) => c.method === "DELETE")?.url).toBe("/api/runtimes/rt1/files?path=x.txt");
  });

  it("creates a folder in the open folder", async () => {
    const calls = stubFetch({
      "GET /api/runtimes/rt1/files": [],
      "POST /api/runtimes/rt1/files/directory": file("new", "directory"),
    });
    render(<FilesPanel controller={connected()} />);
    expect(await screen.findByText("This folder is empty.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "New folder" }));
    fireEvent.change(screen.getByLabelText("Folder name"), { target: { value: "new" } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")?.url).toBe("/api/runtimes/rt1/files/directory?path=new");
  });

  it("has the upload button Colab users look for", async () => {
    stubFetch({ "GET /api/runtimes/rt1/files": [] });
    render(<FilesPanel controller={connected()} />);
    expect(screen.getByRole("button", { name: "Upload to session storage" })).toBeTruthy();
  });
});

describe("FilesPanel new folder names", () => {
  it("refuses a name with a slash before asking the server", async () => {
    const calls = stubFetch({ "GET /api/runtimes/rt1/files": [] });
    render(<FilesPanel controller={connected()} />);
    await screen.findByText("This folder is empty.");
    fireEvent.click(screen.getByRole("button", { name: "New folder" }));
    fireEvent.change(screen.getByLabelText("Folder name"), { target: { value: "a/b" } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    expect((await screen.findByRole("alert")).textContent).toContain("/");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("opens a file in the viewer on a click, and a folder the page asks for", async () => {
    const calls = stubFetch({ "GET /api/runtimes/rt1/files": [file("data/x.txt")] });
    const navigation = { showFolder: vi.fn(), viewFile: vi.fn() };
    const panel = (seq: number, path: string) => (
      <FilesNavigationContext.Provider value={navigation}>
        <FilesPanel controller={connected()} request={{ path, seq }} />
      </FilesNavigationContext.Provider>
    );
    const shown = render(panel(1, "data"));
    fireEvent.click(await screen.findByRole("button", { name: "x.txt" }));
    expect(navigation.viewFile).toHaveBeenCalledWith("data/x.txt");
    expect(calls.map((c) => c.url)).toEqual(["/api/runtimes/rt1/files?path=data"]);
    shown.rerender(panel(2, ""));
    await waitFor(() => expect(calls.at(-1)?.url).toBe("/api/runtimes/rt1/files?path="));
  });
});
