import { describe, expect, it } from "vitest";
import { firstSelectable, lastSelectable, neighbour, nextSelectable } from "./menuNavigation";
import type { MenuItem } from "./types";

const noop = () => {};
const items: MenuItem[] = [
  { label: "Disabled", disabled: true, onSelect: noop },
  { label: "A", onSelect: noop },
  { separator: true },
  { label: "B", onSelect: noop },
  { label: "C", disabled: true, onSelect: noop },
];

describe("menu navigation", () => {
  it("skips separators and disabled items, wrapping around", () => {
    expect(firstSelectable(items)).toBe(1);
    expect(lastSelectable(items)).toBe(3);
    expect(nextSelectable(items, 1, 1)).toBe(3);
    expect(nextSelectable(items, 3, 1)).toBe(1);
    expect(nextSelectable(items, 1, -1)).toBe(3);
  });

  it("finds nothing in an empty or all-disabled menu", () => {
    expect(firstSelectable([])).toBe(-1);
    expect(lastSelectable([{ separator: true }])).toBe(-1);
  });

  it("wraps between menus", () => {
    expect(neighbour(0, 3, -1)).toBe(2);
    expect(neighbour(2, 3, 1)).toBe(0);
  });
});
