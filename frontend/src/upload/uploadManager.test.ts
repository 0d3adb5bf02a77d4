import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import type { Transport } from "./transport";
import { UploadManager } from "./uploadManager";

describe("UploadManager", () => {
  it("tracks progress per file, marks successes done and failures with the server's message", async () => {
    const seen: number[] = [];
    const transport: Transport = async (req, onProgress) => {
      const file = (req.body as FormData).get("file") as File;
      onProgress?.(file.size / 2);
      if (file.name === "bad.ipynb") throw new ApiError(400, "invalid_notebook", "Cell 2 has no source");
      return { id: file.name, name: file.name };
    };
    const manager = new UploadManager(() => ({ maxUploadBytes: 0, chunkBytes: 1000 }), transport);
    manager.subscribe(() => {
      const t = manager.getSnapshot().find((x) => x.name === "good.ipynb");
      if (t) seen.push(t.loaded);
    });
    const uploaded: string[] = [];
    await manager.add([new File(["1234"], "good.ipynb"), new File(["xx"], "bad.ipynb")], null, (i) => uploaded.push(i.name));
    const tasks = manager.getSnapshot();
    expect(tasks.map((t) => [t.name, t.state, t.error])).toEqual([
      ["good.ipynb", "done", undefined],
      ["bad.ipynb", "error", "Cell 2 has no source"],
    ]);
    expect(uploaded).toEqual(["good.ipynb"]);
    expect(seen).toContain(2);
    expect(seen.at(-1)).toBe(4);
    manager.clearFinished();
    expect(manager.getSnapshot()).toEqual([]);
  });
});
