import { describe, expect, it } from "vitest";
import { FakeXhr } from "../upload/fakeXhr";
import { xhrTransport } from "../upload/transport";
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
});
