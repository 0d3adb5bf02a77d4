import { useOthersOnCell } from "./cellPresence";
import type { Awareness } from "y-protocols/awareness";
import "./presence.css";

/** Around a cell others are on: a frame in the first one's colour and their names. */
export function CellPresence({ awareness, cellId }: { awareness: Awareness | null; cellId: string }) {
  const others = useOthersOnCell(awareness, cellId);
  const first = others[0];
  if (!first) return null;
  return (
    <div className="cell-presence" style={{ borderColor: first.color }} aria-label={`Also here: ${others.map((u) => u.name).join(", ")}`}>
      <ul className="cell-presence-names">
        {others.map((u) => (
          <li key={`${u.name}|${u.color}`} style={{ background: u.color }}>
            {u.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
