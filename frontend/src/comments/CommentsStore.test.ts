import { describe, expect, it, vi } from "vitest";
import type { CommentThread } from "./commentsApi";
import { commentsFrameThread } from "./commentsApi";
import { CommentsStore, openThreadsByCell } from "./CommentsStore";

function thread(id: string, cell: string, bodies: string[], resolved = false): CommentThread {
  return {
    id,
    cell_id: cell,
    created_at: "2026-01-01T00:00:00Z",
    resolved,
    resolved_by: resolved ? "alice" : null,
    resolved_at: resolved ? "2026-01-01T01:00:00Z" : null,
    comments: bodies.map((body, i) => ({ id: `${id}-${i}`, author: "carol", body, created_at: "2026-01-01T00:00:00Z" })),
  };
}

function fakeSource() {
  const text = new Set<(t: string) => void>();
  const state = new Set<(s: { connected: boolean }) => void>();
  return {
    onText: (l: (t: string) => void) => (text.add(l), () => text.delete(l)),
    onState: (l: (s: { connected: boolean }) => void) => (state.add(l), () => state.delete(l)),
    frame: (t: string) => text.forEach((l) => l(t)),
    connected: (c: boolean) => state.forEach((l) => l({ connected: c })),
    listeners: () => text.size + state.size,
  };
}

function fakeApi(initial: CommentThread[]) {
  return {
    list: vi.fn(() => Promise.resolve(initial)),
    start: vi.fn((_nb: string, cell: string, body: string) => Promise.resolve(thread("new", cell, [body]))),
    reply: vi.fn((_nb: string, id: string, body: string) => Promise.resolve(thread(id, "c1", ["first", body]))),
    resolve: vi.fn((_nb: string, id: string, resolved: boolean) => Promise.resolve(thread(id, "c1", ["first"], resolved))),
  };
}

describe("CommentsStore", () => {
  it("loads the threads, then follows the socket's comments frames", async () => {
    const api = fakeApi([thread("t1", "c1", ["first"])]);
    const store = new CommentsStore("nb", true, api);
    const source = fakeSource();
    const detach = store.attach(source);
    await vi.waitFor(() => expect(store.getSnapshot().loaded).toBe(true));
    expect(store.getSnapshot().threads.map((t) => t.id)).toEqual(["t1"]);

    source.frame(JSON.stringify({ type: "comments", thread: thread("t2", "c2", ["live"]) }));
    source.frame(JSON.stringify({ type: "comments", thread: thread("t1", "c1", ["first"], true) }));
    source.frame('{"type":"reply","id":"r1","ok":true,"result":null}');
    expect(store.getSnapshot().threads.map((t) => [t.id, t.resolved])).toEqual([
      ["t1", true],
      ["t2", false],
    ]);
    expect(openThreadsByCell(store.getSnapshot().threads)).toEqual(new Map([["c2", 1]]));

    source.connected(false);
    source.connected(true); // frames may have been missed while away: reload
    await vi.waitFor(() => expect(api.list).toHaveBeenCalledTimes(2));
    detach();
    expect(source.listeners()).toBe(0);
  });

  it("keeps the answer to my own requests, and never goes back to fewer comments", async () => {
    const api = fakeApi([]);
    const store = new CommentsStore("nb", true, api);
    await store.start("c1", "hello");
    expect(api.start).toHaveBeenCalledWith("nb", "c1", "hello");
    await store.reply("t9", "second");
    store.put(thread("t9", "c1", ["first"])); // a frame sent before the reply arrives late
    expect(store.getSnapshot().threads.find((t) => t.id === "t9")?.comments).toHaveLength(2);
    await store.resolve("t9", true);
    expect(api.resolve).toHaveBeenCalledWith("nb", "t9", true);
  });

  it("opens the panel on a cell and closes it", () => {
    const store = new CommentsStore("nb", false, fakeApi([]));
    store.openPanel("c3");
    expect(store.getSnapshot().panel).toEqual({ cellId: "c3" });
    store.togglePanel();
    expect(store.getSnapshot().panel).toBeNull();
  });

  it("reads only well-formed comments frames", () => {
    expect(commentsFrameThread(JSON.stringify({ type: "comments", thread: thread("t", "c", ["x"]) }))?.id).toBe("t");
    expect(commentsFrameThread('{"type":"comments","thread":{"id":1}}')).toBeNull();
    expect(commentsFrameThread('{"type":"access","role":"viewer"}')).toBeNull();
    expect(commentsFrameThread("{")).toBeNull();
  });
});
