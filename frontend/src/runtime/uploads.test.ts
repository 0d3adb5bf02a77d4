import { describe, expect, it } from "vitest";
import { FakeXhr } from "../upload/fakeXhr";
import { xhrTransport, type TransportRequest } from "../upload/transport";
import { uploadToRuntime } from "./uploads";

describe("uploadToRuntime", () => {
  it("posts the file as multipart into the folder and reports progress within the file's size", async () => {
    FakeXhr.instances = [];
    document.cookie = "_xsrf=tok";
    const seen: number[] = [];
    const file = new File(["hello"], "a.txt");
    const done = uploadToRuntime("rt1", "data", file, (n) => seen.push(n), xhrTransport(() => new FakeXhr()));
    const xhr = FakeXhr.instances[0]!;
    expect([xhr.method, xhr.url]).toEqual(["POST", "/api/runtimes/rt1/files?path=data"]);
    expect(xhr.headers["X-XSRFToken"]).toBe("tok");
    expect((xhr.body as FormData).get("file")).toBeInstanceOf(File);
    xhr.progress(3, 200);
    xhr.progress(200, 200);
    xhr.respond(201, { name: "a.txt", path: "data/a.txt", kind: "file", size: 5, modified: "x" });
    expect((await done).path).toBe("data/a.txt");
    expect(seen).toEqual([3, 5]);
  });

  it("rejects with the server's message", async () => {
    FakeXhr.instances = [];
    const done = uploadToRuntime("rt1", "", new File(["x"], "b"), () => {}, xhrTransport(() => new FakeXhr()));
    FakeXhr.instances[0]!.respond(413, { error: { code: "too_large", message: "Too big." } });
    await expect(done).rejects.toThrow("Too big.");
  });

  it("sends a large file in slices at the offsets the server reports, then returns the file", async () => {
    const sent: { url: string; size: number }[] = [];
    const seen: number[] = [];
    const transport = async (req: TransportRequest, onProgress?: (loaded: number) => void) => {
      const body = req.body as Blob;
      sent.push({ url: req.url, size: body.size });
      onProgress?.(body.size);
      const received = sent.reduce((sum, s) => sum + s.size, 0);
      const file = received === 10 ? { name: "big.bin", path: "data/big.bin", kind: "file", size: 10, modified: "x" } : null;
      return { received, file };
    };
    const file = new File(["0123456789"], "big.bin");
    const done = await uploadToRuntime("rt1", "data", file, (n) => seen.push(n), transport, 4);
    expect(done.path).toBe("data/big.bin");
    expect(sent.map((s) => s.size)).toEqual([4, 4, 2]);
    expect(sent[0]!.url).toMatch(/^\/api\/runtimes\/rt1\/files\/chunks\/[0-9a-f]{32}\?path=data&name=big\.bin&offset=0&size=10$/);
    expect(sent[2]!.url).toContain("&offset=8&size=10");
    expect(seen[seen.length - 1]).toBe(10);
  });
});
