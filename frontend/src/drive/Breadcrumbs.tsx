import type { DriveItem } from "../api/types";
import { folderPath, navigate } from "../app/router";
import { ChevronSvg } from "./icons";

export function Breadcrumbs({ path, root = "My Drive" }: { path: DriveItem[]; root?: string }) {
  const crumbs: { id: string | null; name: string }[] = [{ id: null, name: root }, ...path];
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs">
      <ol>
        {crumbs.map((c, i) => {
          const last = i === crumbs.length - 1;
          return (
            <li key={c.id ?? "root"}>
              {i > 0 && <ChevronSvg />}
              {last ? (
                <span aria-current="page" className="crumb-current">
                  {c.name}
                </span>
              ) : (
                <a href={folderPath(c.id)} onClick={(e) => { e.preventDefault(); navigate(folderPath(c.id)); }}>
                  {c.name}
                </a>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
