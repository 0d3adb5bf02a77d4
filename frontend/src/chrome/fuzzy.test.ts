import { describe, expect, it } from "vitest";
import { filterByLabel, matchScore } from "./fuzzy";

const labels = ["Run all", "Restart session", "Interrupt execution", "Run cell", "Change runtime type"].map(
  (label) => ({ label }),
);
const names = (query: string) => filterByLabel(labels, query).map((item) => item.label);

describe("command matching", () => {
  it("keeps everything in order for an empty query", () => {
    expect(names("  ")).toEqual(labels.map((item) => item.label));
  });

  it("ranks substring matches at word starts first, then inside words, then letter sequences", () => {
    expect(names("run")).toEqual(["Run all", "Run cell", "Change runtime type", "Interrupt execution"]);
    expect(matchScore("Run all", "run")).toBeGreaterThan(matchScore("Change runtime type", "run") ?? 0);
  });

  it("needs every word, in any order, case-insensitively", () => {
    expect(names("CELL run")).toEqual(["Run cell"]);
    expect(names("rstsn")).toEqual(["Restart session"]);
    expect(names("zzz")).toEqual([]);
    expect(matchScore("Run all", "run zzz")).toBeNull();
  });
});
