// Hand-written until the OpenAPI types are regenerated (routes in server/routes/revisions.py).
import { api } from "../api/client";
import type { Notebook } from "../notebook/nbformat";

export type RevisionKind = "auto" | "manual" | "restore";

export interface Revision {
  id: string;
  created_at: string;
  /** The saving user's id; null for automatic revisions. */
  created_by: string | null;
  kind: RevisionKind;
  label: string | null;
}

const base = (notebookId: string) => `/api/notebooks/${encodeURIComponent(notebookId)}/revisions`;

export const revisionsApi = {
  /** Newest first. */
  list: (notebookId: string) => api.get<Revision[]>(base(notebookId)),
  create: (notebookId: string, label?: string) =>
    api.post<Revision>(base(notebookId), label ? { label } : undefined),
  get: (notebookId: string, revisionId: string) =>
    api.get<Notebook>(`${base(notebookId)}/${encodeURIComponent(revisionId)}`),
  /** Saves the current state as a "restore" revision first; returns the restored notebook. */
  restore: (notebookId: string, revisionId: string) =>
    api.post<Notebook>(`${base(notebookId)}/${encodeURIComponent(revisionId)}/restore`),
};

const REASONS: Record<RevisionKind, string> = {
  auto: "Saved automatically",
  manual: "Saved by hand",
  restore: "Before a restore",
};

/** Why the revision exists, in words: its label when it has one. */
export function revisionReason(revision: Revision): string {
  return revision.label ? `${REASONS[revision.kind]}: ${revision.label}` : REASONS[revision.kind];
}

/** Who saved the revision, from the viewer's point of view. */
export function revisionAuthor(revision: Revision, myId: string | null): string {
  if (revision.created_by === null) return "Collaboratory";
  return revision.created_by === myId ? "You" : "A collaborator";
}
