import type { Role } from "../api/types";

/** Roles that may change the live document (the server refuses anyone else's updates). */
export function mayEdit(role: Role): boolean {
  return role === "owner" || role === "editor";
}

/** Roles that may comment. */
export function mayComment(role: Role): boolean {
  return role !== "viewer";
}

/** The server's word that this socket's role changed (sharing changed while it was open). */
export function accessFrameRole(text: string): Role | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof message !== "object" || message === null) return null;
  const { type, role } = message as { type?: unknown; role?: unknown };
  if (type !== "access") return null;
  return role === "owner" || role === "editor" || role === "commenter" || role === "viewer" ? role : null;
}
