import type { DriveItem } from "../api/types";
import { folderPath, navigate } from "../app/router";
import { ChevronSvg } from "./icons";

/** Where a folder is: its root ("My Drive", or "Shared with me" for what others shared), then
 * the folders down to it. */
export function Breadcrumbs({ path, root = "My Drive", rootHref = folderPath(null) }: { path: DriveItem[]; root?: string; rootHref?: string }) {
  const crumbs: { id: string | null; name: string }[] = [{ id: null, name: root }, ...path];
  const href = (id: string | null) => (id === null ? rootHref : folderPath(id));
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
                <a href={href(c.id)} onClick={(e) => { e.preventDefault(); navigate(href(c.id)); }}>
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
