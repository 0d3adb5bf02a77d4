import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DriveItem, UploadSession } from "../api/types";
import { ApiError } from "../api/errors";
import { xhrTransport, type Transport, type TransportRequest } from "./transport";
import { uploadFile } from "./uploadFile";
import { FakeXhr } from "./fakeXhr";

const ITEM: DriveItem = {
  id: "f1", kind: "file", name: "data.bin", parent: null, origin: null, size: 10, content_type: null,
  created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z", trashed: false, role: "owner",
};

function session(received: number, size = 10, chunk = 4, item: DriveItem | null = null): UploadSession {
  return { id: "up1", name: "data.bin", size, received, chunk_bytes: chunk, item };
}

/** A fake server for chunked uploads that records each request. */
function chunkServer(opts: { chunk?: number; failAt?: number; startReceived?: number } = {}) {
  const calls: { req: TransportRequest; bytes?: string }[] = [];
  let received = opts.startReceived ?? 0;
  const transport: Transport = async (req, onProgress) => {
    const call: { req: TransportRequest; bytes?: string } = { req };
    calls.push(call);
    if (req.method === "POST") return session(received, 10, opts.chunk ?? 4);
    if (req.method === "DELETE") return undefined;
    const blob = req.body as Blob;
    call.bytes = await blob.text();
    const offset = Number(new URL(req.url, "http://x").searchParams.get("offset"));
    if (opts.failAt === offset) throw new ApiError(500, "boom", "disk full");
    onProgress?.(Math.floor(blob.size / 2));
    onProgress?.(blob.size);
    received = offset + blob.size;
    return session(received, 10, opts.chunk ?? 4, received === 10 ? ITEM : null);
  };
  return { calls, transport };
}

const file = () => new File(["0123456789"], "data.bin");
const limits = { maxUploadBytes: 1000, chunkBytes: 4 };

describe("uploadFile (chunked)", () => {
  it("opens a session and PUTs consecutive chunks at the right offsets", async () => {
    const server = chunkServer();
    const progress: number[] = [];
    const item = await uploadFile(file(), { parent: "p1", limits, transport: server.transport, onProgress: (l) => progress.push(l) });
    expect(item).toEqual(ITEM);
    const [start, ...puts] = server.calls;
    expect(start!.req.url).toBe("/api/drive/uploads");
    expect(JSON.parse(start!.req.body as string)).toEqual({ name: "data.bin", size: 10, parent: "p1" });
    expect(puts.map((c) => [c.req.method, c.req.url, c.bytes])).toEqual([
      ["PUT", "/api/drive/uploads/up1?offset=0", "0123"],
      ["PUT", "/api/drive/uploads/up1?offset=4", "4567"],
      ["PUT", "/api/drive/uploads/up1?offset=8", "89"],
    ]);
    expect(puts.every((c) => c.req.headers?.["Content-Type"] === "application/octet-stream")).toBe(true);
    // Cumulative progress: monotonic over the whole file, ending at its size.
    expect(progress).toEqual([2, 4, 4, 6, 8, 8, 9, 10, 10]);
  });

  it("uses the chunk size the server's session asks for", async () => {
    const server = chunkServer({ chunk: 6 });
    await uploadFile(file(), { parent: null, limits, transport: server.transport });
    expect(server.calls.filter((c) => c.req.method === "PUT").map((c) => c.bytes)).toEqual(["012345", "6789"]);
  });

  it("resumes from what the server already received", async () => {
    const server = chunkServer({ startReceived: 8 });
    await uploadFile(file(), { parent: null, limits, transport: server.transport });
    expect(server.calls.filter((c) => c.req.method === "PUT").map((c) => c.req.url)).toEqual([
      "/api/drive/uploads/up1?offset=8",
    ]);
  });

  it("aborts the session with DELETE when a chunk fails, and rethrows the server's error", async () => {
    const server = chunkServer({ failAt: 4 });
    await expect(uploadFile(file(), { parent: null, limits, transport: server.transport })).rejects.toMatchObject({
      code: "boom",
      message: "disk full",
    });
    expect(server.calls.at(-1)!.req).toMatchObject({ method: "DELETE", url: "/api/drive/uploads/up1" });
  });

  it("refuses files over the upload limit without sending anything", async () => {
    const server = chunkServer();
    await expect(
      uploadFile(file(), { parent: null, limits: { maxUploadBytes: 5, chunkBytes: 4 }, transport: server.transport }),
    ).rejects.toMatchObject({ code: "too_large" });
    expect(server.calls).toHaveLength(0);
  });
});

describe("uploadFile (single request over XHR)", () => {
  beforeEach(() => {
    FakeXhr.instances = [];
    document.cookie = "_xsrf=tok123; path=/";
  });
  afterEach(() => {
    document.cookie = "_xsrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/";
  });

  it("posts multipart form data with the XSRF header and reports XHR upload progress", async () => {
    const progress: [number, number][] = [];
    const promise = uploadFile(new File(["{}"], "a.ipynb"), {
      parent: "folder9",
      limits: { maxUploadBytes: 100, chunkBytes: 50 },
      transport: xhrTransport(() => new FakeXhr()),
      onProgress: (l, t) => progress.push([l, t]),
    });
    const xhr = FakeXhr.instances[0]!;
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/drive/upload");
    expect(xhr.headers["X-XSRFToken"]).toBe("tok123");
    const form = xhr.body as FormData;
    expect((form.get("file") as File).name).toBe("a.ipynb");
    expect(form.get("parent")).toBe("folder9");
    xhr.progress(1, 2);
    xhr.progress(300, 300); // multipart overhead is clamped to the file size
    xhr.respond(201, { ...ITEM, name: "a.ipynb", kind: "notebook", origin: "uploaded" });
    await expect(promise).resolves.toMatchObject({ name: "a.ipynb", origin: "uploaded" });
    expect(progress).toEqual([[1, 2], [2, 2], [2, 2]]);
  });

  it("rejects with the server's error code and message", async () => {
    const promise = uploadFile(new File(["nope"], "bad.ipynb"), {
      parent: null,
      limits: { maxUploadBytes: 100, chunkBytes: 50 },
      transport: xhrTransport(() => new FakeXhr()),
    });
    FakeXhr.instances[0]!.respond(400, { error: { code: "invalid_notebook", message: "bad.ipynb is not valid JSON" } });
    await expect(promise).rejects.toMatchObject({ status: 400, code: "invalid_notebook", message: "bad.ipynb is not valid JSON" });
  });

  it("reports a dropped connection", async () => {
    const promise = xhrTransport(() => new FakeXhr())({ method: "PUT", url: "/x" });
    FakeXhr.instances[0]!.onerror?.(new ProgressEvent("error"));
    await expect(promise).rejects.toMatchObject({ code: "network_error" });
  });
});
