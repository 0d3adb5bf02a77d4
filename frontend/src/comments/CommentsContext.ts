import { createContext, useContext, useEffect, useMemo } from "react";
import type { LiveNotebook } from "../live/liveNotebook";
import { CommentsStore } from "./CommentsStore";

/** The open notebook's comments (null outside a notebook page, e.g. in isolated cell tests). */
export const CommentsContext = createContext<CommentsStore | null>(null);

export function useCommentsStore(): CommentsStore | null {
  return useContext(CommentsContext);
}

/** The comments of the live notebook, following its socket for as long as the page shows it. */
export function useNotebookComments(live: LiveNotebook, canComment: boolean): CommentsStore {
  const store = useMemo(() => new CommentsStore(live.notebookId, canComment), [live, canComment]);
  useEffect(() => store.attach(live.provider), [store, live]);
  return store;
}
