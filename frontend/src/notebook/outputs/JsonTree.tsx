import type { ReactNode } from "react";

/** Levels shown open at first; deeper objects start collapsed. */
const OPEN_DEPTH = 2;
/** Children listed per object before "… N more", so huge documents stay responsive. */
const MAX_CHILDREN = 500;

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === "string") return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className="json-number">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="json-boolean">{String(value)}</span>;
  return <span className="json-null">{String(value)}</span>;
}

function Node({ name, value, depth }: { name: string | null; value: unknown; depth: number }): ReactNode {
  const label = name === null ? null : <span className="json-key">{name}: </span>;
  if (typeof value !== "object" || value === null) {
    return (
      <li>
        {label}
        <Scalar value={value} />
      </li>
    );
  }
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <li>
        {label}
        <span className="json-punct">{`${open}${close}`}</span>
      </li>
    );
  }
  const shown = entries.slice(0, MAX_CHILDREN);
  return (
    <li>
      <details open={depth < OPEN_DEPTH}>
        <summary>
          {label}
          <span className="json-punct">{open}</span>
          <span className="json-count">{`${entries.length} ${isArray ? "item" : "key"}${entries.length === 1 ? "" : "s"}`}</span>
          <span className="json-punct">{close}</span>
        </summary>
        <ul className="json-children">
          {shown.map(([key, child]) => (
            <Node key={key} name={key} value={child} depth={depth + 1} />
          ))}
          {entries.length > shown.length && <li className="json-more">{`… ${entries.length - shown.length} more`}</li>}
        </ul>
      </details>
    </li>
  );
}

/** application/json output as a collapsible tree. */
export function JsonTree({ value }: { value: unknown }) {
  return (
    <ul className="output-json json-tree" data-output="json">
      <Node name={null} value={value} depth={0} />
    </ul>
  );
}
