import { describe, expect, it } from "vitest";
import { base64ToDataView, bufferToBase64 } from "./base64";

describe("base64 buffers", () => {
  it("round-trips bytes, including a view into a larger buffer", () => {
    const backing = new Uint8Array([9, 0, 1, 2, 255, 9]);
    const view = new Uint8Array(backing.buffer, 1, 4);
    const encoded = bufferToBase64(view);
    expect(encoded).toBe(btoa(String.fromCharCode(0, 1, 2, 255)));
    const decoded = base64ToDataView(encoded);
    expect(Array.from(new Uint8Array(decoded.buffer))).toEqual([0, 1, 2, 255]);
  });

  it("encodes a plain ArrayBuffer larger than one chunk", () => {
    const bytes = new Uint8Array(70000).map((_, i) => i % 251);
    const decoded = base64ToDataView(bufferToBase64(bytes.buffer));
    expect(decoded.byteLength).toBe(70000);
    expect(decoded.getUint8(69999)).toBe(69999 % 251);
  });
});
