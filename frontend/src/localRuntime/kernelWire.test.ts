import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame } from "./kernelWire";

const bytes = (view: DataView) => Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));

describe("kernel websocket framing", () => {
  it("sends a message without buffers as JSON text", () => {
    const frame = encodeFrame({ channel: "shell", content: { a: 1 } }, []);
    expect(frame).toBe('{"channel":"shell","content":{"a":1}}');
    expect(decodeFrame(frame)).toEqual({ json: { channel: "shell", content: { a: 1 } }, buffers: [] });
  });

  it("lays out a binary frame as jupyter_server's serialize_binary_message does", () => {
    const frame = encodeFrame({ c: 1 }, [new Uint8Array([7, 8, 9])]);
    expect(frame).toBeInstanceOf(ArrayBuffer);
    const view = new DataView(frame as ArrayBuffer);
    // Two parts (JSON, one buffer); the JSON after the 12-byte header, the buffer after the JSON.
    expect([view.getUint32(0), view.getUint32(4), view.getUint32(8)]).toEqual([2, 12, 12 + '{"c":1}'.length]);
    const decoded = decodeFrame(frame);
    expect(decoded?.json).toEqual({ c: 1 });
    expect(decoded?.buffers.map(bytes)).toEqual([[7, 8, 9]]);
  });

  it("reads several buffers, each a view of its own bytes", () => {
    const sub = new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 3);
    const decoded = decodeFrame(encodeFrame({ channel: "iopub" }, [sub, new Uint8Array([]), new Uint8Array([255])]));
    expect(decoded?.buffers.map(bytes)).toEqual([[1, 2], [], [255]]);
  });

  it("ignores what is not a kernel message", () => {
    expect(decodeFrame("not json")).toBeNull();
    expect(decodeFrame(new ArrayBuffer(3))).toBeNull();
    const lying = new DataView(new ArrayBuffer(8));
    lying.setUint32(0, 100);
    expect(decodeFrame(lying.buffer)).toBeNull();
    expect(decodeFrame(42)).toBeNull();
  });
});
