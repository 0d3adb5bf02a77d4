import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { FilesNavigationContext, type FilesNavigation } from "../../runtime/filesNavigation";
import {
  ColabDownload,
  ColabView,
  DOWNLOAD_MIME,
  RuntimeIdContext,
  UPLOAD_MIME,
  VIEW_MIME,
  claimDownload,
  claimView,
  downloadRequest,
  uploadRequest,
  viewRequest,
  type ViewRequest,
} from "./ColabFiles";
import { evalJsDocument, evalJsRequest, evalResult } from "./ColabEvalJs";
import { OutputArea } from "./OutputArea";

afterEach(() => {
  sessionStorage.clear();
  vi.restoreAllMocks();
});

function request(age: number, id = "r1") {
  return { id, path: "data/out.csv", name: "out.csv", size: 2048, requested_at: Date.now() / 1000 - age };
}

describe("files.download", () => {
  it("reads the request and claims it once per page session", () => {
    expect(downloadRequest({ id: 1 })).toBeNull();
    expect(downloadRequest(request(0))?.path).toBe("data/out.csv");
    expect(claimDownload("x")).toBe(true);
    expect(claimDownload("x")).toBe(false);
  });

  it("starts a fresh request's download once from the runtime's Files API; an old one only links", () => {
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.getAttribute("href") ?? "");
    });
    const fresh = render(
      <RuntimeIdContext.Provider value="rt1">
        <ColabDownload request={request(1)} />
      </RuntimeIdContext.Provider>,
    );
    fresh.rerender(
      <RuntimeIdContext.Provider value="rt1">
        <ColabDownload request={request(1)} />
      </RuntimeIdContext.Provider>,
    );
    expect(clicks).toEqual(["/api/runtimes/rt1/files/content?path=data%2Fout.csv"]);
    expect(screen.getByRole("link", { name: "out.csv" }).getAttribute("download")).toBe("out.csv");
    expect(screen.getByText("(2.0 KB)")).toBeTruthy();
    render(
      <RuntimeIdContext.Provider value="rt1">
        <ColabDownload request={request(3600, "old")} />
      </RuntimeIdContext.Provider>,
    );
    expect(clicks).toHaveLength(1);
  });

  it("is rendered from the cell's output bundle", () => {
    render(<OutputArea outputs={[{ output_type: "display_data", data: { [DOWNLOAD_MIME]: request(9999), "text/plain": "x" }, metadata: {} }]} />);
    expect(screen.getByText("out.csv")).toBeTruthy();
  });
});

describe("files.view", () => {
  const view = (age: number, id = "v1", change: Partial<ViewRequest> = {}): ViewRequest => ({
    id,
    path: "data/notes.txt",
    name: "notes.txt",
    kind: "file",
    requested_at: Date.now() / 1000 - age,
    ...change,
  });
  function withPage(navigation: FilesNavigation | null, runtimeId: string | null, children: ReactNode) {
    return (
      <RuntimeIdContext.Provider value={runtimeId}>
        <FilesNavigationContext.Provider value={navigation}>{children}</FilesNavigationContext.Provider>
      </RuntimeIdContext.Provider>
    );
  }

  it("reads the request and claims it once per page session", () => {
    expect(viewRequest({ id: "v", path: "a.txt" })).toBeNull(); // no kind
    expect(viewRequest({ id: "v", path: "a.txt", kind: "link" })).toBeNull();
    expect(viewRequest({ id: "v", path: "sub/a.txt", kind: "file" })?.name).toBe("a.txt");
    expect(viewRequest({ id: "v", path: "", kind: "folder" })?.name).toBe("content");
    expect(claimView("x")).toBe(true);
    expect(claimView("x")).toBe(false);
    expect(claimDownload("x")).toBe(true); // downloads and views are claimed apart
  });

  it("opens a fresh file once in the viewer, a folder in the Files panel; an old one only on a click", () => {
    const navigation = { showFolder: vi.fn(), viewFile: vi.fn() };
    const shown = render(withPage(navigation, "rt1", <ColabView request={view(1)} />));
    shown.rerender(withPage(navigation, "rt1", <ColabView request={view(1)} />));
    expect(navigation.viewFile.mock.calls).toEqual([["data/notes.txt"]]);
    render(withPage(navigation, "rt1", <ColabView request={view(1, "f1", { kind: "folder", path: "data", name: "data" })} />));
    expect(navigation.showFolder.mock.calls).toEqual([["data"]]);
    render(withPage(navigation, "rt1", <ColabView request={view(3600, "old")} />));
    expect(navigation.viewFile).toHaveBeenCalledTimes(1);
    const buttons = screen.getAllByRole("button", { name: "Open notes.txt in the file viewer" });
    fireEvent.click(buttons[1]!);
    expect(navigation.viewFile).toHaveBeenCalledTimes(2);
    expect(screen.getByRole("button", { name: "Open data in the Files panel" })).toBeTruthy();
  });

  it("opens nothing without the user's runtime", () => {
    const navigation = { showFolder: vi.fn(), viewFile: vi.fn() };
    render(withPage(navigation, null, <ColabView request={view(1, "nort")} />));
    expect(navigation.viewFile).not.toHaveBeenCalled();
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Open notes.txt in the file viewer" }).disabled).toBe(true);
  });

  it("is rendered from the cell's output bundle", () => {
    render(<OutputArea outputs={[{ output_type: "display_data", data: { [VIEW_MIME]: view(9999), "text/plain": "Opened notes.txt in the file viewer" }, metadata: {} }]} />);
    expect(screen.getByRole("button", { name: "Open notes.txt in the file viewer" })).toBeTruthy();
  });
});

describe("files.upload", () => {
  it("shows a file picker for the request", () => {
    expect(uploadRequest({ directory: "x" })).toBeNull();
    render(<OutputArea outputs={[{ output_type: "display_data", data: { [UPLOAD_MIME]: { id: "u1", directory: "" } }, metadata: {} }]} />);
    expect(screen.getByLabelText<HTMLInputElement>("Choose files to upload").disabled).toBe(true); // outside a notebook: nothing to send to
  });

  it("asks for one file for files.upload_file()", () => {
    expect(uploadRequest({ id: "u2", directory: ".colab_uploads/x" })?.multiple).toBe(true);
    render(<OutputArea outputs={[{ output_type: "display_data", data: { [UPLOAD_MIME]: { id: "u2", directory: ".colab_uploads/x", multiple: false } }, metadata: {} }]} />);
    expect(screen.getByLabelText<HTMLInputElement>("Choose a file to upload").multiple).toBe(false);
  });
});

describe("output.eval_js", () => {
  it("reads the request and takes results only from its own opaque-origin frame", () => {
    expect(evalJsRequest({ id: "e" })).toBeNull();
    expect(evalJsRequest({ id: "e", script: "1" })?.ignore_result).toBe(false);
    const frame = document.createElement("iframe");
    document.body.appendChild(frame);
    const own = new MessageEvent("message", { data: { collaboratoryEvalJs: { value: 3 } }, origin: "null", source: frame.contentWindow });
    expect(evalResult(own, frame)).toEqual({ value: 3, error: null });
    const app = new MessageEvent("message", { data: { collaboratoryEvalJs: { value: 3 } }, origin: "null", source: window });
    expect(evalResult(app, frame)).toBeNull();
    const failed = new MessageEvent("message", { data: { collaboratoryEvalJs: { error: "boom" } }, origin: "null", source: frame.contentWindow });
    expect(evalResult(failed, frame)).toEqual({ value: null, error: "boom" });
    expect(evalJsDocument("'</script>'")).not.toContain("'</script>'");
  });
});
