import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BufferedSocket, prefetchNotebook, takeItem, takeSocket } from "./prefetch";

class FakeWebSocket {
  static last: FakeWebSocket | null = null;
  binaryType: BinaryType = "blob";
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.last = this;
  }
  send(data: unknown) {
    this.sent.push(data);
  }
  close() {}
  refuse() {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code: 4401 }));
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  message(data: string) {
    this.onmessage?.(new MessageEvent("message", { data }));
  }
}

describe("BufferedSocket", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeWebSocket));
  afterEach(() => vi.unstubAllGlobals());

  it("asks for the whole document on open and keeps what arrives until the editor claims it", async () => {
    const socket = new BufferedSocket("ws://x/api/notebooks/n/sync");
    const raw = FakeWebSocket.last!;
    raw.open();
    expect(raw.sent).toEqual([new Uint8Array([0, 0, 1, 0])]);
    raw.message("first");
    raw.message("second");
    const seen: string[] = [];
    socket.onopen = () => seen.push("open");
    socket.onmessage = (event) => seen.push(String(event.data));
    socket.claim();
    expect(seen).toEqual([]); // handed over once the editor has set all its handlers
    await Promise.resolve();
    raw.message("third");
    expect(seen).toEqual(["open", "first", "second", "third"]);
    expect(socket.readyState).toBe(1);
    // the editor's own first "send me everything" is answered by what was asked already
    socket.send(new Uint8Array([0, 0, 1, 0]));
    socket.send(new Uint8Array([0, 0, 1, 0]));
    expect(raw.sent).toHaveLength(2);
  });

  it("sends nothing of its own once claimed before opening", async () => {
    const socket = new BufferedSocket("ws://x/s");
    const raw = FakeWebSocket.last!;
    const seen: string[] = [];
    socket.onopen = () => seen.push("open");
    socket.claim();
    await Promise.resolve();
    raw.open();
    expect(raw.sent).toEqual([]);
    expect(seen).toEqual(["open"]);
  });
});

describe("prefetchNotebook", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeWebSocket));
  afterEach(() => vi.unstubAllGlobals());

  it("hands the editor the item and the socket it started", async () => {
    const item = { id: "n1", name: "A.ipynb" };
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(item), { status: 200 })));
    prefetchNotebook("n1", "ws://x/api/notebooks/n1/sync");
    const raw = FakeWebSocket.last!;
    expect(await takeItem("n1")).toEqual(item);
    expect(takeItem("n1")).toBeNull(); // taken once
    expect(takeSocket("ws://x/api/notebooks/n1/sync")).not.toBeNull();
    expect(raw.url).toBe("ws://x/api/notebooks/n1/sync");
  });

  it("drops what a signed-out visitor's refused requests left, so the editor asks afresh later", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ error: { code: "unauthorized", message: "Sign in." } }), { status: 401 })));
    prefetchNotebook("n2", "ws://x/api/notebooks/n2/sync");
    FakeWebSocket.last!.refuse();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(takeItem("n2")).toBeNull();
    expect(takeSocket("ws://x/api/notebooks/n2/sync")).toBeNull();
  });
});
