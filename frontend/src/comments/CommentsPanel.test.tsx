import { YNotebook } from "@jupyter/ydoc";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { KernelActions } from "../live/kernelActions";
import { EditorRegistry } from "../notebook/cell/editorRegistry";
import { VisibilityTracker } from "../notebook/cell/visibility";
import { insertCell } from "../notebook/model/cellOps";
import { NotebookController } from "../notebook/model/NotebookController";
import { NotebookContext, type NotebookContextValue } from "../notebook/NotebookContext";
import type { CommentThread } from "./commentsApi";
import { CommentsPanel } from "./CommentsPanel";
import { CommentsStore } from "./CommentsStore";

const THREAD: CommentThread = {
  id: "t1",
  cell_id: "",
  created_at: "2026-01-01T00:00:00Z",
  resolved: false,
  resolved_by: null,
  resolved_at: null,
  comments: [{ id: "k1", author: "carol", body: "Why 42?", created_at: "2026-01-01T00:00:00Z" }],
};

function setup(canComment: boolean) {
  const model = YNotebook.create();
  const first = insertCell(model, 0, "code", "print(6*7)");
  const second = insertCell(model, 1, "markdown", "# Notes");
  const controller = new NotebookController(model, {} as KernelActions);
  const api = {
    list: vi.fn(() => Promise.resolve([{ ...THREAD, cell_id: second }])),
    start: vi.fn((_nb: string, cell: string, body: string) =>
      Promise.resolve({ ...THREAD, id: "t2", cell_id: cell, comments: [{ ...THREAD.comments[0]!, id: "k2", body }] }),
    ),
    reply: vi.fn(() => Promise.resolve(THREAD)),
    resolve: vi.fn((_nb: string, id: string, resolved: boolean) =>
      Promise.resolve({ ...THREAD, id, cell_id: second, resolved, resolved_by: "alice" }),
    ),
  };
  const store = new CommentsStore("nb", canComment, api);
  const context = {
    notebookId: "nb",
    readOnly: true,
    controller,
    awareness: null,
    kernel: null,
    editors: new EditorRegistry(),
    visibility: new VisibilityTracker(),
    handleKey: () => false,
    replyInput: () => undefined,
  } satisfies NotebookContextValue;
  render(
    <NotebookContext.Provider value={context}>
      <CommentsPanel store={store} />
    </NotebookContext.Provider>,
  );
  return { store, api, first, second, controller };
}

describe("CommentsPanel", () => {
  it("shows threads by cell, comments on the chosen cell and resolves a thread", async () => {
    const { store, api, first } = setup(true);
    await act(() => store.load());
    act(() => store.openPanel(first));
    const panel = screen.getByRole("complementary", { name: "Comments" });
    expect(within(panel).getByText("No open comments on this cell.")).toBeTruthy();
    fireEvent.change(within(panel).getByRole("textbox", { name: "Comment" }), { target: { value: "Nice" } });
    await act(async () => fireEvent.click(within(panel).getByRole("button", { name: "Comment" })));
    expect(api.start).toHaveBeenCalledWith("nb", first, "Nice");
    expect(within(panel).getByRole("article", { name: "Comments on Code cell 1" })).toBeTruthy();

    fireEvent.click(within(panel).getByRole("button", { name: "All comments" }));
    const thread = within(panel).getByRole("article", { name: "Comments on Text cell 2" });
    expect(within(thread).getByText("Why 42?")).toBeTruthy();
    await act(async () => fireEvent.click(within(thread).getByRole("button", { name: "Resolve" })));
    expect(api.resolve).toHaveBeenCalledWith("nb", "t1", true);
    expect(within(panel).queryByRole("article", { name: "Comments on Text cell 2" })).toBeNull();
    fireEvent.click(within(panel).getByRole("checkbox", { name: "Show resolved" }));
    expect(within(panel).getByText("Resolved by alice")).toBeTruthy();
  });

  it("lets a viewer read but not write", async () => {
    const { store } = setup(false);
    await act(() => store.load());
    act(() => store.openPanel());
    const panel = screen.getByRole("complementary", { name: "Comments" });
    expect(within(panel).getByText("Why 42?")).toBeTruthy();
    expect(within(panel).queryByRole("textbox")).toBeNull();
    expect(within(panel).queryByRole("button", { name: "Resolve" })).toBeNull();
  });
});
