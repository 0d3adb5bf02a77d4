import { useEffect, useSyncExternalStore } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { AwarenessUser } from "../live/userColor";

/** The awareness field that says which cell a person is on (their selected cell). */
export const CELL_FIELD = "cell";

type Selection = { activeId: string | null };
interface SelectionSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Selection;
}

/** The other people whose selected cell is `cellId` (one entry per name and colour). */
export function othersOnCell(awareness: Awareness, cellId: string): AwarenessUser[] {
  const seen = new Map<string, AwarenessUser>();
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const { user, cell } = state as { user?: Partial<AwarenessUser>; cell?: unknown };
    if (cell !== cellId || !user?.name || !user.color) continue;
    const entry = { name: user.name, color: user.color, colorLight: user.colorLight ?? user.color };
    seen.set(`${entry.name}|${entry.color}`, entry);
  }
  return [...seen.values()];
}

const NOBODY = "[]";

/** Who else is on this cell now, kept current from awareness. */
export function useOthersOnCell(awareness: Awareness | null, cellId: string): AwarenessUser[] {
  const key = useSyncExternalStore(
    (onChange) => {
      if (!awareness) return () => undefined;
      awareness.on("change", onChange);
      return () => awareness.off("change", onChange);
    },
    () => (awareness ? JSON.stringify(othersOnCell(awareness, cellId)) : NOBODY),
  );
  return JSON.parse(key) as AwarenessUser[];
}

/** Tell the others which cell I am on: my selected cell, as it changes. */
export function useShareSelectedCell(awareness: Awareness | null, selection: SelectionSource): void {
  useEffect(() => {
    if (!awareness) return;
    let last: string | null | undefined;
    const update = () => {
      const active = selection.getSnapshot().activeId;
      if (active === last) return;
      last = active;
      awareness.setLocalStateField(CELL_FIELD, active);
    };
    update();
    return selection.subscribe(update);
  }, [awareness, selection]);
}
