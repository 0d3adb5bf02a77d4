/** Collapsible sections: a text cell whose first heading has level L owns the cells after it,
 * up to the next text cell with a heading of level ≤ L. */
export interface SectionCell {
  id: string;
  /** Level of the cell's first Markdown heading, or null (code cells, text without a heading). */
  headingLevel: number | null;
}

const HEADING = /^\s{0,3}(#{1,6})\s+\S/m;

/** The level of the first ATX heading in Markdown source, or null. */
export function firstHeadingLevel(source: string): number | null {
  const match = HEADING.exec(source);
  return match?.[1] ? match[1].length : null;
}

/** Ids of the cells hidden because a heading above them is collapsed. */
export function hiddenCellIds(cells: readonly SectionCell[], collapsed: ReadonlySet<string>): Set<string> {
  const hidden = new Set<string>();
  let hidingBelowLevel: number | null = null;
  for (const cell of cells) {
    if (hidingBelowLevel !== null) {
      if (cell.headingLevel !== null && cell.headingLevel <= hidingBelowLevel) hidingBelowLevel = null;
      else {
        hidden.add(cell.id);
        continue;
      }
    }
    if (cell.headingLevel !== null && collapsed.has(cell.id)) hidingBelowLevel = cell.headingLevel;
  }
  return hidden;
}

/** How many cells a collapsed heading hides (shown on its "n cells hidden" bar). */
export function sectionSize(cells: readonly SectionCell[], headingId: string): number {
  const start = cells.findIndex((c) => c.id === headingId);
  const level = cells[start]?.headingLevel;
  if (start < 0 || level == null) return 0;
  let count = 0;
  for (const cell of cells.slice(start + 1)) {
    if (cell.headingLevel !== null && cell.headingLevel <= level) break;
    count++;
  }
  return count;
}
