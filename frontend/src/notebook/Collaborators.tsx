import { useSyncExternalStore } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { AwarenessUser } from "../live/userColor";

/** The other people in the notebook now (one entry per name and colour), from awareness. */
export function othersIn(awareness: Awareness): AwarenessUser[] {
  const seen = new Map<string, AwarenessUser>();
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = (state as { user?: Partial<AwarenessUser> }).user;
    if (!user?.name || !user.color) continue;
    const entry = { name: user.name, color: user.color, colorLight: user.colorLight ?? user.color };
    seen.set(`${entry.name}|${entry.color}`, entry);
  }
  return [...seen.values()];
}

function useOthers(awareness: Awareness): AwarenessUser[] {
  const key = useSyncExternalStore(
    (onChange) => {
      awareness.on("change", onChange);
      return () => awareness.off("change", onChange);
    },
    () => JSON.stringify(othersIn(awareness)),
  );
  return JSON.parse(key) as AwarenessUser[];
}

/** Avatars of the people editing alongside, in their cursor colours. */
export function Collaborators({ awareness }: { awareness: Awareness }) {
  const others = useOthers(awareness);
  if (others.length === 0) return null;
  return (
    <ul className="nb-collaborators" aria-label="Also editing">
      {others.slice(0, 5).map((user) => (
        <li key={`${user.name}|${user.color}`} className="nb-avatar" style={{ background: user.color }} title={user.name}>
          {user.name.slice(0, 1).toUpperCase()}
        </li>
      ))}
      {others.length > 5 && <li className="nb-avatar more">+{others.length - 5}</li>}
    </ul>
  );
}
