import { lazyModule } from "../../ui/lazyModule";

/**
 * CodeMirror and the cell editor built on it are their own chunk: a notebook's first cells paint
 * as plain text (the same placeholder off-screen cells use) while it loads, then get editors.
 */
const chunk = lazyModule(() => import("./CellEditor"), "The cell editor");

export const loadCellEditor = chunk.load;

/** The CellEditor component once its chunk has loaded (asking starts the load), else null. */
export function useCellEditor(): (typeof import("./CellEditor"))["CellEditor"] | null {
  return chunk.use().module?.CellEditor ?? null;
}
