import { describe, expect, it } from "vitest";
import { applyTerminalControls, TerminalBuffer } from "./terminal";

const ESC = "\u001b";

describe("TerminalBuffer", () => {
  it("applies carriage returns like a terminal (progress bars)", () => {
    expect(applyTerminalControls("10%\r50%\r100%\ndone")).toBe("100%\ndone");
    expect(applyTerminalControls("long line\rshort")).toBe("shortline");
    expect(applyTerminalControls("windows\r\nline\r\n")).toBe("windows\nline\n");
  });

  it("shows a tqdm bar once, in its latest state, even when fed in chunks", () => {
    const terminal = new TerminalBuffer();
    terminal.write("  0%|          | 0/3 [00:00<?, ?it/s]");
    for (const n of [1, 2, 3]) {
      const bar = "█".repeat(n * 3).padEnd(10, " ");
      terminal.write(`\r ${Math.round((n / 3) * 100)}%|${bar}| ${n}/3 [00:0${n}<00:00,  1.00it/s]`);
    }
    terminal.write("\n");
    expect(terminal.text()).toBe(" 100%|█████████ | 3/3 [00:03<00:00,  1.00it/s]\n");
  });

  it("erases with backspace at the end of a line and moves over text elsewhere", () => {
    expect(applyTerminalControls("abc\b\bd")).toBe("ad");
    expect(applyTerminalControls("abc\r\bX")).toBe("Xbc");
    expect(applyTerminalControls("abcd\r\b\bxy")).toBe("xycd");
  });

  it("erases the line and moves the cursor up for multi-bar output", () => {
    expect(applyTerminalControls(`first\nsecond${ESC}[A\rFIRST${ESC}[K\n`)).toBe("FIRST\nsecond");
    expect(applyTerminalControls(`abcdef\r${ESC}[2Kxy`)).toBe("xy");
  });

  it("keeps colours on the text that overwrites, not on what was overwritten", () => {
    const terminal = new TerminalBuffer();
    terminal.write(`${ESC}[31mred text${ESC}[0m\r${ESC}[32mgr`);
    const [line] = terminal.snapshot();
    expect(line!.runs.map((r) => [r.text, r.style.fg])).toEqual([
      ["gr", 2],
      ["d text", 1],
    ]);
  });

  it("completes an escape sequence split across writes and keeps unchanged lines identical", () => {
    const terminal = new TerminalBuffer();
    terminal.write(`done\n${ESC}[3`);
    const before = terminal.snapshot();
    terminal.write("1mred");
    const after = terminal.snapshot();
    expect(terminal.text()).toBe("done\nred");
    expect(after[1]!.runs[0]!.style.fg).toBe(1);
    expect(after[0]).toBe(before[0]);
  });
});
