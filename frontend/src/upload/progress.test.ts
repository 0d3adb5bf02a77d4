import { describe, expect, it } from "vitest";
import { cumulativeLoaded, formatBytes, percent, planChunks } from "./progress";

describe("planChunks", () => {
  it("splits a size into consecutive chunks with a short last one", () => {
    expect(planChunks(10, 4)).toEqual([
      { offset: 0, end: 4 },
      { offset: 4, end: 8 },
      { offset: 8, end: 10 },
    ]);
  });
  it("gives exact chunks when the size divides evenly, and none for an empty file", () => {
    expect(planChunks(8, 4)).toEqual([
      { offset: 0, end: 4 },
      { offset: 4, end: 8 },
    ]);
    expect(planChunks(0, 4)).toEqual([]);
  });
  it("resumes from a start offset", () => {
    expect(planChunks(10, 4, 6)).toEqual([
      { offset: 6, end: 10 },
    ]);
  });
  it("rejects a non-positive chunk size", () => {
    expect(() => planChunks(10, 0)).toThrow(RangeError);
  });
});

describe("progress math", () => {
  it("computes clamped whole percentages", () => {
    expect(percent(0, 200)).toBe(0);
    expect(percent(50, 200)).toBe(25);
    expect(percent(199, 200)).toBe(99);
    expect(percent(300, 200)).toBe(100);
    expect(percent(0, 0)).toBe(100);
  });
  it("adds the bytes before a chunk to what the chunk has sent, never past its end", () => {
    const chunk = { offset: 8, end: 12 };
    expect(cumulativeLoaded(chunk, 0)).toBe(8);
    expect(cumulativeLoaded(chunk, 3)).toBe(11);
    expect(cumulativeLoaded(chunk, 99)).toBe(12); // multipart overhead etc. never overshoots
  });
  it("formats byte counts", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
  });
});
