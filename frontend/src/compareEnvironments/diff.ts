// The "module differences" trap: what a hosted runtime has that the local one lacks, and back.

export interface Package {
  name: string;
  version: string;
}

export type Difference = "same" | "different" | "only-hosted" | "only-local";

export interface Row {
  /** The name as the hosted runtime spells it (else the local one). */
  name: string;
  hosted: string | null;
  local: string | null;
  difference: Difference;
}

/** PEP 503: names compare lowercased, runs of `-`, `_` and `.` alike. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, "-");
}

function byName(packages: readonly Package[]): Map<string, Package> {
  const found = new Map<string, Package>();
  for (const p of packages) {
    const key = normalizeName(p.name);
    if (key && !found.has(key)) found.set(key, p);
  }
  return found;
}

function differenceOf(hosted: Package | undefined, local: Package | undefined): Difference {
  if (!hosted) return "only-local";
  if (!local) return "only-hosted";
  // A hosted entry without a version (a path or URL requirement) cannot be told apart.
  return hosted.version === "" || hosted.version === local.version ? "same" : "different";
}

/** Every package of either side, by name, with how the two sides differ. */
export function compareEnvironments(hosted: readonly Package[], local: readonly Package[]): Row[] {
  const hostedByName = byName(hosted);
  const localByName = byName(local);
  const names = new Set([...hostedByName.keys(), ...localByName.keys()]);
  return [...names].sort().map((key) => {
    const h = hostedByName.get(key);
    const l = localByName.get(key);
    return { name: (h ?? l)!.name, hosted: h?.version ?? null, local: l?.version ?? null, difference: differenceOf(h, l) };
  });
}

export function countBy(rows: readonly Row[]): Record<Difference, number> {
  const counts: Record<Difference, number> = { same: 0, different: 0, "only-hosted": 0, "only-local": 0 };
  for (const row of rows) counts[row.difference] += 1;
  return counts;
}

/** A requirement as a shell argument: quoted, so that `==` and `[extras]` survive any shell. */
function requirement(row: Row): string {
  return row.hosted ? `"${row.name}==${row.hosted}"` : `"${row.name}"`;
}

/**
 * The `pip install` line that gives the local runtime the hosted one's packages and versions
 * (what is missing locally, and what differs); null when nothing needs installing. Packages only
 * the local runtime has are left alone: removing them is rarely what anyone wants.
 */
export function alignCommand(rows: readonly Row[]): string | null {
  const wanted = rows.filter((r) => r.difference === "only-hosted" || r.difference === "different");
  return wanted.length ? `pip install ${wanted.map(requirement).join(" ")}` : null;
}
