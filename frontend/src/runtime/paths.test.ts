import { describe, expect, it } from "vitest";
import { folderNameProblem, joinPath, parentPath, pathCrumbs } from "./paths";

describe("paths in /content", () => {
  it("breaks a path into crumbs that lead back up", () => {
    expect(pathCrumbs("")).toEqual([{ name: "content", path: "" }]);
    expect(pathCrumbs("data/raw/")).toEqual([
      { name: "content", path: "" },
      { name: "data", path: "data" },
      { name: "raw", path: "data/raw" },
    ]);
  });
  it("joins and splits", () => {
    expect(joinPath("", "a.csv")).toBe("a.csv");
    expect(joinPath("data", "a.csv")).toBe("data/a.csv");
    expect(parentPath("data/a.csv")).toBe("data");
    expect(parentPath("a.csv")).toBe("");
  });
  it("checks new folder names", () => {
    expect(folderNameProblem("new")).toBeNull();
    expect(folderNameProblem("  ")).toBe("Enter a name.");
    expect(folderNameProblem("a/b")).toMatch("/");
    expect(folderNameProblem("..")).not.toBeNull();
  });
});
