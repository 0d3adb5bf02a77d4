// Hand-written until the OpenAPI types are regenerated: GET /api/snippets?q= → Snippet[].
import { api } from "../api/client";

export interface Snippet {
  id: string;
  title: string;
  description: string;
  /** Python code, or Markdown text for text cells. */
  code: string;
}

export const MAX_SNIPPET_QUERY = 200;

/** Snippets matching every word of `query`, best first; all of them for an empty query. */
export function searchSnippets(query: string, signal?: AbortSignal): Promise<Snippet[]> {
  return api.get<Snippet[]>("/api/snippets", { query: { q: query.trim() || undefined }, signal });
}
