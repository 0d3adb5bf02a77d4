import type { ReactNode } from "react";
import { MyDriveSvg, SharedSvg, TrashSvg } from "../drive/icons";
import { navigate } from "./router";

function AdminSvg() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false">
      <path d="M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5l-9-4zm0 10.99h7c-.53 4.12-3.28 7.79-7 8.94V12H5V6.3l7-3.11v8.8z" />
    </svg>
  );
}

type Section = "drive" | "shared" | "trash" | "admin";

/** Drive's sections; *Admin* for administrators. */
export function SideNav({ current, admin = false }: { current: Section; admin?: boolean }) {
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
      {admin && link("admin", "/admin", "Admin", <AdminSvg />)}
    </nav>
  );
}
