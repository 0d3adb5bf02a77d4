import { describe, expect, it } from "vitest";
import { firstHeadingLevel, hiddenCellIds, sectionSize, type SectionCell } from "./sections";

const cells: SectionCell[] = [
  { id: "h1", headingLevel: 1 },
  { id: "c1", headingLevel: null },
  { id: "h2", headingLevel: 2 },
  { id: "c2", headingLevel: null },
  { id: "h2b", headingLevel: 2 },
  { id: "c3", headingLevel: null },
  { id: "h1b", headingLevel: 1 },
  { id: "c4", headingLevel: null },
];

describe("sections", () => {
  it("reads the first heading level of Markdown", () => {
    expect(firstHeadingLevel("## Setup\ntext")).toBe(2);
    expect(firstHeadingLevel("intro\n### Deep")).toBe(3);
    expect(firstHeadingLevel("#hashtag")).toBeNull();
    expect(firstHeadingLevel("plain")).toBeNull();
  });

  it("hides cells under a collapsed heading up to the next heading of the same or higher level", () => {
    expect([...hiddenCellIds(cells, new Set(["h2"]))]).toEqual(["c2"]);
    expect([...hiddenCellIds(cells, new Set(["h1"]))]).toEqual(["c1", "h2", "c2", "h2b", "c3"]);
    expect([...hiddenCellIds(cells, new Set(["h1", "h1b"]))]).toEqual(["c1", "h2", "c2", "h2b", "c3", "c4"]);
    expect(hiddenCellIds(cells, new Set(["c1"])).size).toBe(0);
  });

  it("counts the cells in a section", () => {
    expect(sectionSize(cells, "h1")).toBe(5);
    expect(sectionSize(cells, "h2b")).toBe(1);
    expect(sectionSize(cells, "c1")).toBe(0);
  });
});
