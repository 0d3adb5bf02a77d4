import { describe, expect, it } from "vitest";
import { appendSample } from "./polling";

describe("appendSample", () => {
  it("keeps the last samples only", () => {
    expect(appendSample([1, 2], 3, 5)).toEqual([1, 2, 3]);
    expect(appendSample([1, 2, 3], 4, 3)).toEqual([2, 3, 4]);
  });
});
