import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BufferedSocket } from "./prefetch";

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
