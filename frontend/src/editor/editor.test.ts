import { CompletionContext } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { describe, expect, it, vi } from "vitest";
import { kernelCompletionSource } from "./kernelCompletion";
import { inspectText, type EditorKernel } from "./kernelServices";
import { toCodePointOffset, toUtf16Offset } from "./positions";

function kernel(matches: string[], start: number, end: number): EditorKernel {
  return {
    complete: vi.fn(() => Promise.resolve({ matches, cursor_start: start, cursor_end: end, metadata: {} })),
    inspect: vi.fn(() => Promise.resolve({ found: false, data: {}, metadata: {} })),
  };
}

describe("positions", () => {
  it("converts between UTF-16 offsets and code points", () => {
    const text = "s = '😀'; pr";
    expect(text.length).toBe(12);
    expect(toCodePointOffset(text, text.length)).toBe(11);
    expect(toUtf16Offset(text, 11)).toBe(12);
    expect(toUtf16Offset("abc", 2)).toBe(2);
  });
});

describe("kernel completion", () => {
  it("asks the kernel with the code-point cursor and maps the range back", async () => {
    const k = kernel(["print", "property"], 9, 11);
    const state = EditorState.create({ doc: "s = '😀'; pr" });
    const result = await kernelCompletionSource(() => k)(new CompletionContext(state, 12, true));
    expect(k.complete).toHaveBeenCalledWith("s = '😀'; pr", 11);
    expect(result?.from).toBe(10);
    expect(result?.to).toBe(12);
    expect(result?.options.map((o) => o.label)).toEqual(["print", "property"]);
  });

  it("does not ask while typing fewer than two characters, nor without a kernel", async () => {
    const k = kernel(["x"], 0, 1);
    const state = EditorState.create({ doc: "x" });
    expect(await kernelCompletionSource(() => k)(new CompletionContext(state, 1, false))).toBeNull();
    expect(await kernelCompletionSource(() => null)(new CompletionContext(state, 1, true))).toBeNull();
    expect(k.complete).not.toHaveBeenCalled();
  });
});

describe("inspectText", () => {
  it("returns plain help without terminal colours", () => {
    expect(inspectText({ found: true, data: { "text/plain": "\u001b[31mSignature:\u001b[0m f()" }, metadata: {} })).toBe("Signature: f()");
    expect(inspectText({ found: false, data: {}, metadata: {} })).toBeNull();
  });
});
