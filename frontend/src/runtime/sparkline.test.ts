import { describe, expect, it } from "vitest";
import { sparklinePath } from "./sparkline";

describe("sparklinePath", () => {
  it("spreads values over the width and scales them to the height", () => {
    expect(sparklinePath([0, 5, 10], 100, 20)).toBe("M 0 20 L 50 10 L 100 0");
  });
  it("scales to a given maximum and clamps what exceeds it", () => {
    expect(sparklinePath([2, 8], 10, 10, 4)).toBe("M 0 5 L 10 0");
    expect(sparklinePath([-1, 0], 10, 10, 4)).toBe("M 0 10 L 10 10");
  });
  it("draws one value as a flat line and nothing for none", () => {
    expect(sparklinePath([3], 60, 10)).toBe("M 0 0 L 60 0");
    expect(sparklinePath([], 60, 10)).toBe("");
    expect(sparklinePath([0, 0], 60, 10)).toBe("M 0 10 L 60 10");
  });
});
