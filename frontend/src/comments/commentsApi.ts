import { api } from "../api/client";
import type { CommentThread } from "../api/types";

export type { CommentThread };

const enc = encodeURIComponent;
const base = (notebookId: string) => `/api/notebooks/${enc(notebookId)}/comments`;

export const commentsApi = {
  list: (notebookId: string) => api.get<CommentThread[]>(base(notebookId)),
  start: (notebookId: string, cellId: string, body: string) => api.post<CommentThread>(base(notebookId), { cell_id: cellId, body }),
  reply: (notebookId: string, threadId: string, body: string) =>
    api.post<CommentThread>(`${base(notebookId)}/${enc(threadId)}/replies`, { body }),
  resolve: (notebookId: string, threadId: string, resolved: boolean) =>
    api.patch<CommentThread>(`${base(notebookId)}/${enc(threadId)}`, { resolved }),
};

/** A `comments` text frame of the sync socket: a thread that is new or changed. */
export function commentsFrameThread(text: string): CommentThread | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof message !== "object" || message === null) return null;
  const { type, thread } = message as { type?: unknown; thread?: unknown };
  if (type !== "comments" || typeof thread !== "object" || thread === null) return null;
  const t = thread as Partial<CommentThread>;
  return typeof t.id === "string" && typeof t.cell_id === "string" && Array.isArray(t.comments) ? (t as CommentThread) : null;
}
