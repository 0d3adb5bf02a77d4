import type { ReactNode } from "react";
import { DriveSvg, TrashSvg } from "../drive/icons";
import { navigate } from "./router";

export function SideNav({ current }: { current: "drive" | "trash" }) {
  const link = (target: "drive" | "trash", href: string, label: string, icon: ReactNode) => (
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
      {link("drive", "/", "My Drive", <DriveSvg />)}
      {link("trash", "/drive/trash", "Trash", <TrashSvg />)}
    </nav>
  );
}
