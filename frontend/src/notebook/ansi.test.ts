import { describe, expect, it } from "vitest";
import { applySgr, PLAIN_STYLE, stripAnsi, tokenizeAnsi, xterm256 } from "./ansi";

const ESC = "\u001b";

describe("applySgr", () => {
  it("sets and resets the 16 palette colours, bright ones and attributes", () => {
    const red = applySgr(PLAIN_STYLE, [1, 31]);
    expect(red).toMatchObject({ fg: 1, bold: true });
    expect(applySgr(red, [92, 44])).toMatchObject({ fg: 10, bg: 4, bold: true });
    expect(applySgr(red, [0])).toBe(PLAIN_STYLE);
    expect(applySgr(red, [])).toBe(PLAIN_STYLE);
    expect(applySgr(PLAIN_STYLE, [3, 4, 9, 7])).toMatchObject({ italic: true, underline: true, strike: true, inverse: true });
    expect(applySgr(applySgr(PLAIN_STYLE, [1, 3]), [22, 23])).toBe(PLAIN_STYLE);
  });

  it("reads 256-colour and truecolor codes", () => {
    expect(applySgr(PLAIN_STYLE, [38, 5, 196]).fg).toBe("rgb(255, 0, 0)");
    expect(applySgr(PLAIN_STYLE, [38, 5, 9]).fg).toBe(9);
    expect(applySgr(PLAIN_STYLE, [48, 2, 10, 20, 30, 1]).bg).toBe("rgb(10, 20, 30)");
    expect(applySgr(PLAIN_STYLE, [48, 2, 10, 20, 30, 1]).bold).toBe(true);
    expect(xterm256(232)).toBe("rgb(8, 8, 8)");
    expect(xterm256(16)).toBe("rgb(0, 0, 0)");
    expect(xterm256(300)).toBeNull();
  });

  it("returns one shared object per distinct style", () => {
    expect(applySgr(PLAIN_STYLE, [32])).toBe(applySgr(applySgr(PLAIN_STYLE, [1]), [0, 32]));
  });
});

describe("tokenizeAnsi", () => {
  it("separates text, SGR and control characters", () => {
    const { tokens, rest } = tokenizeAnsi(`a${ESC}[1;31mb\r\n${ESC}[2Kc\x07`);
    expect(rest).toBe("");
    expect(tokens).toEqual([
      { kind: "text", text: "a" },
      { kind: "csi", command: "m", params: [1, 31] },
      { kind: "text", text: "b" },
      { kind: "control", char: "\r" },
      { kind: "control", char: "\n" },
      { kind: "csi", command: "K", params: [2] },
      { kind: "text", text: "c" },
    ]);
  });

  it("holds back an escape sequence cut at the end of a chunk", () => {
    expect(tokenizeAnsi(`ok${ESC}[3`).rest).toBe(`${ESC}[3`);
    expect(tokenizeAnsi(`ok${ESC}`).rest).toBe(ESC);
    expect(tokenizeAnsi(`ok${ESC}[31m`).rest).toBe("");
  });
});

describe("stripAnsi", () => {
  it("removes colour, cursor and OSC hyperlink sequences", () => {
    expect(stripAnsi(`${ESC}[1;32mok${ESC}[0m ${ESC}[2K${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe("ok link");
    expect(stripAnsi(`${ESC}(Bplain${ESC}[38;5;208m!`)).toBe("plain!");
  });
});
