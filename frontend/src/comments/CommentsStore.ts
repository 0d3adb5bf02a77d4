import { useSyncExternalStore } from "react";
import { commentsApi, commentsFrameThread, type CommentThread } from "./commentsApi";

export interface CommentsView {
  threads: readonly CommentThread[];
  /** The panel is open, on this cell's threads when `cellId` is set. */
  panel: { cellId: string | null } | null;
  loaded: boolean;
}

interface TextSource {
  onText(listener: (text: string) => void): () => void;
  onState(listener: (state: { connected: boolean }) => void): () => void;
}

/**
 * A notebook's comment threads: loaded over REST, kept current by the sync socket's `comments`
 * frames (and by the answers to my own requests), reloaded after a reconnect; plus whether the
 * comments panel is open and on which cell.
 */
export class CommentsStore {
  private view: CommentsView = { threads: [], panel: null, loaded: false };
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    readonly notebookId: string,
    /** Whether I may comment (commenters, editors and the owner). */
    readonly canComment: boolean,
    private readonly api = commentsApi,
  ) {}

  /** Follow the socket's frames; returns the function that stops following. */
  attach(source: TextSource): () => void {
    let wasConnected = true;
    this.unsubscribe.push(
      source.onText((text) => {
        const thread = commentsFrameThread(text);
        if (thread) this.put(thread);
      }),
      source.onState(({ connected }) => {
        if (connected && !wasConnected) void this.load(); // frames may have been missed meanwhile
        wasConnected = connected;
      }),
    );
    void this.load();
    return () => this.dispose();
  }

  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  async load(): Promise<void> {
    const threads = await this.api.list(this.notebookId);
    this.set({ threads, loaded: true });
  }

  /** A new or changed thread, from a frame or an answer: the later of two versions wins. */
  put(thread: CommentThread): void {
    const threads = [...this.view.threads];
    const at = threads.findIndex((t) => t.id === thread.id);
    if (at === -1) threads.push(thread);
    else if (newer(thread, threads[at]!)) threads[at] = thread;
    else return;
    this.set({ threads });
  }

  async start(cellId: string, body: string): Promise<CommentThread> {
    const thread = await this.api.start(this.notebookId, cellId, body);
    this.put(thread);
    return thread;
  }

  async reply(threadId: string, body: string): Promise<void> {
    this.put(await this.api.reply(this.notebookId, threadId, body));
  }

  async resolve(threadId: string, resolved: boolean): Promise<void> {
    this.put(await this.api.resolve(this.notebookId, threadId, resolved));
  }

  openPanel(cellId: string | null = null): void {
    this.set({ panel: { cellId } });
  }

  closePanel(): void {
    this.set({ panel: null });
  }

  togglePanel(): void {
    if (this.view.panel) this.closePanel();
    else this.openPanel();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): CommentsView => this.view;

  private set(patch: Partial<CommentsView>): void {
    this.view = { ...this.view, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** Whether `a` may replace `b`: never with fewer comments (a late answer after a newer frame). */
function newer(a: CommentThread, b: CommentThread): boolean {
  return a.comments.length >= b.comments.length;
}

export function useComments(store: CommentsStore): CommentsView {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** The open threads on each cell. */
export function openThreadsByCell(threads: readonly CommentThread[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of threads) if (!t.resolved) counts.set(t.cell_id, (counts.get(t.cell_id) ?? 0) + 1);
  return counts;
}
