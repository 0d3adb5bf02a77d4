// GET /api/snippets?q= → Snippet[]; the user's snippet notebooks under /api/snippets/notebooks.
import { api } from "../api/client";

export interface SnippetCell {
  cell_type: "code" | "markdown";
  source: string;
}

export interface Snippet {
  id: string;
  title: string;
  description: string;
  /** Python code, or Markdown text for text cells: what the panel shows. */
  code: string;
  /** The cells that inserting it adds, in order. */
  cells: SnippetCell[];
}

export const MAX_SNIPPET_QUERY = 200;

/** Snippets matching every word of `query` (typos forgiven), best first; all of them for an empty query. */
export function searchSnippets(query: string, signal?: AbortSignal): Promise<Snippet[]> {
  return api.get<Snippet[]>("/api/snippets", { query: { q: query.trim() || undefined }, signal });
}

interface SnippetNotebooks {
  notebook_ids: string[];
}

/** The Drive notebooks whose headings the user added as snippets. */
export async function listSnippetNotebooks(): Promise<string[]> {
  return (await api.get<SnippetNotebooks>("/api/snippets/notebooks")).notebook_ids;
}

export async function addSnippetNotebook(notebookId: string): Promise<string[]> {
  return (await api.put<SnippetNotebooks>(`/api/snippets/notebooks/${encodeURIComponent(notebookId)}`)).notebook_ids;
}

export async function removeSnippetNotebook(notebookId: string): Promise<string[]> {
  return (await api.delete<SnippetNotebooks>(`/api/snippets/notebooks/${encodeURIComponent(notebookId)}`)).notebook_ids;
}

/** A notebook id from what the user pasted: the id itself or a notebook's address. */
export function notebookIdOf(text: string): string {
  const trimmed = text.trim();
  const match = /\/notebooks?\/([A-Za-z0-9_-]+)/.exec(trimmed);
  return match?.[1] ?? trimmed;
}
