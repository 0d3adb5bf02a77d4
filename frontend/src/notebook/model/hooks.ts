import type { YCellType, YNotebook } from "@jupyter/ydoc";
import { useEffect, useReducer, useState, useSyncExternalStore } from "react";
import * as Y from "yjs";
import type { LiveProvider, ProviderState } from "../../live/provider";

/** The notebook's cells; re-renders only when cells are added, removed or moved. */
export function useNotebookCells(model: YNotebook): readonly YCellType[] {
  const [cells, setCells] = useState<readonly YCellType[]>(() => [...model.cells]);
  useEffect(() => {
    setCells([...model.cells]);
    const onChange = (_: unknown, change: { cellsChange?: unknown }) => {
      if (change.cellsChange) setCells([...model.cells]);
    };
    model.changed.connect(onChange);
    return () => {
      model.changed.disconnect(onChange);
    };
  }, [model]);
  return cells;
}

/**
 * Re-render when the cell's own Y data changes (observeDeep on its Y.Map). With `ignoreSource`,
 * edits of the source text alone do not re-render (the editor shows them itself).
 */
export function useCellVersion(ymodel: Y.Map<unknown>, ignoreSource: boolean): number {
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const source = ymodel.get("source");
    const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      if (ignoreSource && events.every((e) => e.target === source)) return;
      bump();
    };
    ymodel.observeDeep(onChange);
    return () => ymodel.unobserveDeep(onChange);
  }, [ymodel, ignoreSource]);
  return version;
}

/** The current string of a Y.Text, kept up to date. */
export function useYText(ytext: Y.Text): string {
  return useSyncExternalStore(
    (onChange) => {
      ytext.observe(onChange);
      return () => ytext.unobserve(onChange);
    },
    () => ytext.toString(),
  );
}

export function useProviderState(provider: LiveProvider): ProviderState {
  return useSyncExternalStore(
    (onChange) => provider.onState(onChange),
    () => provider.current,
  );
}
