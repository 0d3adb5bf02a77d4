import { useEffect, useState } from "react";
import { errorMessage } from "../api/errors";
import { MAX_SNIPPET_QUERY, searchSnippets, type Snippet } from "./snippetsApi";

export const SEARCH_DELAY_MS = 250;

export interface SnippetSearch {
  results: Snippet[] | null;
  error: string | null;
  loading: boolean;
}

/** Searches the snippet library `delay` ms after the query stops changing; stale answers are dropped. */
export function useSnippetSearch(query: string, delay = SEARCH_DELAY_MS): SnippetSearch {
  const [state, setState] = useState<SnippetSearch>({ results: null, error: null, loading: true });

  useEffect(() => {
    if (query.length > MAX_SNIPPET_QUERY) {
      setState({ results: [], error: `Use at most ${MAX_SNIPPET_QUERY} characters.`, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    const timer = window.setTimeout(() => {
      searchSnippets(query, controller.signal)
        .then((results) => setState({ results, error: null, loading: false }))
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          setState({ results: null, error: errorMessage(error), loading: false });
        });
    }, delay);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query, delay]);

  return state;
}
