import { render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { FileViewer } from "./FileViewer";
import { loadPreview, looksLikeText, TEXT_LIMIT } from "./filePreview";
import { stubFetch } from "./testing";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const bytes = (text: string) => new TextEncoder().encode(text);
const answer = (body: BodyInit) => new Response(body, { status: 200, headers: { "Content-Type": "application/octet-stream" } });

describe("file previews", () => {
  it("tells UTF-8 text from binary by its first bytes", () => {
    expect(looksLikeText(bytes("id,value\n1,1\n"), true)).toBe(true);
    expect(looksLikeText(bytes("naïve café ✓"), true)).toBe(true);
    expect(looksLikeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), true)).toBe(false);
    expect(looksLikeText(new Uint8Array([0x61, 0xff, 0x62]), true)).toBe(false);
    // a character cut in two at the end of a truncated read is still text
    expect(looksLikeText(bytes("é").subarray(0, 1), false)).toBe(true);
    expect(looksLikeText(bytes("é").subarray(0, 1), true)).toBe(false);
  });

  it("shows text, the first MiB of a longer file, an image, or nothing", async () => {
    stubFetch({ "GET /t": answer("hello <b>world</b>\n") });
    expect(await loadPreview("/t", "notes")).toEqual({ kind: "text", text: "hello <b>world</b>\n", truncated: false });

    stubFetch({ "GET /t": answer("x".repeat(TEXT_LIMIT + 10)) });
    const long = await loadPreview("/t", "big.log");
    expect(long.kind === "text" && long.text.length === TEXT_LIMIT && long.truncated).toBe(true);

    stubFetch({ "GET /t": answer(new Uint8Array([0x89, 0x50, 0x4e, 0x47])) });
    const image = await loadPreview("/t", "plot.PNG");
    expect(image.kind === "image" && image.blob.type).toBe("image/png");
    stubFetch({ "GET /t": answer("<svg xmlns='http://www.w3.org/2000/svg'/>") });
    const svg = await loadPreview("/t", "a.svg");
    expect(svg.kind === "image" && svg.blob.type).toBe("image/svg+xml");

    stubFetch({ "GET /t": answer(new Uint8Array([1, 2, 0, 3])) });
    expect(await loadPreview("/t", "model.bin")).toEqual({ kind: "other", reason: "binary" });

    stubFetch({});
    await expect(loadPreview("/t", "gone.txt")).rejects.toThrow("No stub for GET /t");
  });
});

describe("FileViewer", () => {
  it("shows a text file as text, never as HTML", async () => {
    const calls = stubFetch({ "GET /api/runtimes/rt1/files/content": answer("<img src=x onerror=alert(1)>\nline 2") });
    render(<FileViewer runtimeId="rt1" path="data/notes.txt" onClose={() => {}} />);
    const dialog = screen.getByRole("dialog", { name: "notes.txt" });
    const pre = await waitFor(() => {
      const found = dialog.querySelector("pre");
      if (!found) throw new Error("no text yet");
      return found;
    });
    expect(pre.textContent).toBe("<img src=x onerror=alert(1)>\nline 2");
    expect(dialog.querySelector("img")).toBeNull();
    expect(calls[0]?.url).toBe("/api/runtimes/rt1/files/content?path=data%2Fnotes.txt");
    expect(screen.getByRole("link", { name: "Download" }).getAttribute("download")).toBe("notes.txt");
    expect(dialog.contains(document.activeElement)).toBe(true); // the keyboard is in the dialog, not the cell behind it
  });

  it("shows an image through a blob URL", async () => {
    const created = vi.fn(() => "blob:http://localhost/1");
    const revoked = vi.fn();
    const { createObjectURL, revokeObjectURL } = URL;
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: revoked });
    onTestFinished(() => void Object.assign(URL, { createObjectURL, revokeObjectURL }));
    stubFetch({ "GET /api/runtimes/rt1/files/content": answer(new Uint8Array([0x89, 0x50])) });
    const viewer = render(<FileViewer runtimeId="rt1" path="plot.png" onClose={() => {}} />);
    const image = await screen.findByRole("img", { name: "plot.png" });
    expect(image.getAttribute("src")).toBe("blob:http://localhost/1");
    viewer.unmount();
    expect(revoked).toHaveBeenCalledWith("blob:http://localhost/1");
  });

  it("offers a download for anything else", async () => {
    stubFetch({ "GET /api/runtimes/rt1/files/content": answer(new Uint8Array([0, 1, 2, 3])) });
    render(<FileViewer runtimeId="rt1" path="weights.bin" onClose={() => {}} />);
    expect(await screen.findByText("No preview for this file")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Download weights.bin" }).getAttribute("href")).toBe(
      "/api/runtimes/rt1/files/content?path=weights.bin",
    );
  });

  it("says why when the file cannot be read", async () => {
    stubFetch({});
    render(<FileViewer runtimeId="rt1" path="gone.txt" onClose={() => {}} />);
    expect((await screen.findByRole("alert")).textContent).toContain("No stub for");
  });
});
