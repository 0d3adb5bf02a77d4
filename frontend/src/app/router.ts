import { useSyncExternalStore } from "react";

export type Route =
  | { name: "drive"; folder: string | null }
  | { name: "trash" }
  | { name: "shared" }
  | { name: "admin" }
  | { name: "notebook"; id: string }
  | { name: "notFound"; path: string };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/drive") return { name: "drive", folder: null };
  if (path === "/drive/trash") return { name: "trash" };
  if (path === "/drive/shared") return { name: "shared" };
  if (path === "/admin") return { name: "admin" };
  const folder = /^\/drive\/folders\/([^/]+)$/.exec(path);
  if (folder?.[1]) return { name: "drive", folder: decodeURIComponent(folder[1]) };
  const notebook = /^\/notebooks\/([^/]+)$/.exec(path);
  if (notebook?.[1]) return { name: "notebook", id: decodeURIComponent(notebook[1]) };
  return { name: "notFound", path };
}

export function folderPath(folder: string | null): string {
  return folder ? `/drive/folders/${encodeURIComponent(folder)}` : "/";
}

export function notebookPath(id: string): string {
  return `/notebooks/${encodeURIComponent(id)}`;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

export function navigate(path: string, replace = false): void {
  if (path === window.location.pathname) return;
  if (replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  for (const l of listeners) l();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}
