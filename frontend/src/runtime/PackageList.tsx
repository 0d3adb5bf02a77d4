import { useId, useMemo, useState } from "react";
import type { ImagePackage } from "./api";
import "./runtime.css";

interface Props {
  packages: readonly ImagePackage[];
  /** What the list is of, for its accessible name ("Packages of standard"). */
  label: string;
}

/** The packages whose name contains `filter` (case and `-`/`_`/`.` alike, as pip compares names). */
export function filterPackages(packages: readonly ImagePackage[], filter: string): ImagePackage[] {
  const norm = (name: string) => name.toLowerCase().replace(/[-_.]+/g, "-");
  const wanted = norm(filter.trim());
  return wanted === "" ? [...packages] : packages.filter((p) => norm(p.name).includes(wanted));
}

/**
 * A package list (name, version) with a filter box: a runtime image's packages here, and the
 * local runtime's beside them when runtime environments are compared.
 */
export function PackageList({ packages, label }: Props) {
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => filterPackages(packages, filter), [packages, filter]);
  const countId = useId();
  return (
    <div className="package-list">
      <input
        type="search"
        className="package-filter"
        placeholder="Filter packages"
        aria-label="Filter packages"
        aria-describedby={countId}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <p id={countId} className="runtime-muted" aria-live="polite">
        {shown.length === packages.length ? `${packages.length} packages` : `${shown.length} of ${packages.length} packages`}
      </p>
      <div className="package-scroll">
        <table className="package-table" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">Package</th>
              <th scope="col">Version</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>{p.version || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
