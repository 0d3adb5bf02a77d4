import type { MenuItem } from "./types";

export type ActionItem = Exclude<MenuItem, { separator: true }>;

export function isSeparator(item: MenuItem): item is { separator: true } {
  return "separator" in item;
}

/** Whether keyboard navigation may stop on the item: an action that is not disabled. */
export function isSelectable(item: MenuItem | undefined): item is ActionItem {
  return item !== undefined && !isSeparator(item) && !item.disabled;
}

/**
 * The index of the next selectable item after `from` in direction `step` (1 or -1), wrapping
 * around; -1 when nothing is selectable. `from` = -1 with step 1 finds the first item.
 */
export function nextSelectable(items: readonly MenuItem[], from: number, step: 1 | -1): number {
  const count = items.length;
  for (let offset = 1; offset <= count; offset++) {
    const index = (((from + step * offset) % count) + count) % count;
    if (isSelectable(items[index])) return index;
  }
  return -1;
}

export function firstSelectable(items: readonly MenuItem[]): number {
  return nextSelectable(items, -1, 1);
}

export function lastSelectable(items: readonly MenuItem[]): number {
  return nextSelectable(items, items.length, -1);
}

/** The neighbouring index among `count` menus, wrapping around. */
export function neighbour(index: number, count: number, step: 1 | -1): number {
  return (index + step + count) % count;
}
