import type { ReactNode } from "react";
import { MyDriveSvg, SharedSvg, TrashSvg } from "../drive/icons";
import { navigate } from "./router";

type Section = "drive" | "shared" | "trash";

export function SideNav({ current }: { current: Section }) {
  const link = (target: Section, href: string, label: string, icon: ReactNode) => (
    <a
      href={href}
      className={`nav-link${current === target ? " active" : ""}`}
      aria-current={current === target ? "page" : undefined}
      onClick={(e) => {
        e.preventDefault();
        navigate(href);
      }}
    >
      {icon}
      <span>{label}</span>
    </a>
  );
  return (
    <nav className="sidenav" aria-label="Drive sections">
      {link("drive", "/", "My Drive", <MyDriveSvg />)}
      {link("shared", "/drive/shared", "Shared with me", <SharedSvg />)}
      {link("trash", "/drive/trash", "Trash", <TrashSvg />)}
    </nav>
  );
}
