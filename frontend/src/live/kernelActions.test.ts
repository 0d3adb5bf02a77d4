import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { ControlClient } from "./controlClient";
import { FakeServer } from "./fakeSocket";
import { restKernelActions, socketKernelActions } from "./kernelActions";
import { LiveProvider } from "./provider";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("socketKernelActions", () => {
  it("sends each action as a control request and resolves with its reply", async () => {
    const server = new FakeServer();
    const provider = new LiveProvider({ url: "ws://x", doc: new Y.Doc(), createSocket: server.factory });
    server.openAll();
    const requests: unknown[] = [];
    server.textHandler = (socket, text) => {
      const req = JSON.parse(text) as { id: string; type: string };
      requests.push(req);
      const result = req.type === "complete" ? { matches: ["print"], cursor_start: 0, cursor_end: 2, metadata: {} } : null;
      socket.deliver(JSON.stringify({ type: "reply", id: req.id, ok: true, result }));
    };
    const actions = socketKernelActions(new ControlClient(provider));
    await actions.execute(["c1"]);
    await actions.executeAll();
    await actions.inputReply("Ada");
    await expect(actions.complete("pr", 2)).resolves.toMatchObject({ matches: ["print"] });
    await actions.interrupt();
    expect(requests).toMatchObject([
      { type: "execute", cell_ids: ["c1"] },
      { type: "execute", all: true },
      { type: "input_reply", value: "Ada" },
      { type: "complete", code: "pr", cursor_pos: 2 },
      { type: "interrupt" },
    ]);
    provider.destroy();
  });
});

describe("restKernelActions", () => {
  it("waits until earlier edits are stored before asking the server to run", async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn((url: string) => {
        calls.push(`fetch ${url}`);
        return Promise.resolve(new Response(JSON.stringify({ queued: ["c1"] }), { status: 202 }));
      }),
    );
    let release: () => void = () => undefined;
    const saved = new Promise<void>((resolve) => (release = resolve));
    const actions = restKernelActions("nb1", () => null, () => {
      calls.push("whenSaved");
      return saved;
    });
    const run = actions.execute(["c1"]);
    await Promise.resolve();
    expect(calls).toEqual(["whenSaved"]);
    release();
    await run;
    expect(calls).toEqual(["whenSaved", "fetch /api/notebooks/nb1/execute"]);
  });

  it("interrupts and restarts through the runtime controller", async () => {
    const runtime = { interrupt: vi.fn(), restart: vi.fn() };
    const actions = restKernelActions("nb1", () => runtime);
    await actions.interrupt();
    await actions.restart();
    expect(runtime.interrupt).toHaveBeenCalled();
    expect(runtime.restart).toHaveBeenCalled();
  });
});
