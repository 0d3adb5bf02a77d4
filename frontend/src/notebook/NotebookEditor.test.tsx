import { YNotebook } from "@jupyter/ydoc";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { KernelActions } from "../live/kernelActions";
import { EditorRegistry } from "./cell/editorRegistry";
import { VisibilityTracker } from "./cell/visibility";
import { notebookCommands, readOnlyCommands, type PageActions } from "./commands/notebookCommands";
import { KeymapDispatcher } from "./commands/registry";
import { insertCell } from "./model/cellOps";
import { NotebookController } from "./model/NotebookController";
import { NotebookContext, type NotebookContextValue } from "./NotebookContext";
import { NotebookEditor } from "./NotebookEditor";

function fakeActions(): KernelActions {
  return {
    execute: vi.fn(() => Promise.resolve()),
    executeAll: vi.fn(() => Promise.resolve()),
    executeCode: vi.fn(() => Promise.resolve()),
    inputReply: vi.fn(() => Promise.resolve()),
    complete: vi.fn(() => Promise.resolve({ matches: [], cursor_start: 0, cursor_end: 0, metadata: {} })),
    inspect: vi.fn(() => Promise.resolve({ found: false, data: {}, metadata: {} })),
    interrupt: vi.fn(() => Promise.resolve()),
    restart: vi.fn(() => Promise.resolve()),
  };
}

function setup(readOnly = false) {
  const model = YNotebook.create();
  const codeId = insertCell(model, 0, "code", "print(6*7)");
  const textId = insertCell(model, 1, "markdown", "# Title\nSome text");
  const actions = fakeActions();
  const controller = new NotebookController(model, actions);
  const page = new Proxy({}, { get: () => vi.fn() }) as PageActions;
  const all = notebookCommands(controller, page);
  const commands = readOnly ? readOnlyCommands(all) : all;
  const dispatcher = new KeymapDispatcher(() => commands);
  const context: NotebookContextValue = {
    notebookId: "nb",
    readOnly,
    controller,
    awareness: null,
    kernel: actions,
    editors: new EditorRegistry(),
    visibility: new VisibilityTracker(),
    handleKey: (event, mode) => dispatcher.handle(event, mode),
    replyInput: (value) => void actions.inputReply(value),
  };
  render(
    <NotebookContext.Provider value={context}>
      <NotebookEditor headings={[{ cellId: textId, level: 1, text: "Title" }]} />
    </NotebookContext.Provider>,
  );
  return { model, codeId, textId, actions, controller };
}

function codeCellMap(model: YNotebook, index: number): Y.Map<unknown> {
  return model.cells[index]!.ymodel as Y.Map<unknown>;
}

describe("NotebookEditor", () => {
  it("names cells by kind and position and renders Markdown once its renderer has loaded", async () => {
    setup();
    expect(screen.getByRole("group", { name: "Code cell 1" })).toBeTruthy();
    const text = screen.getByRole("group", { name: "Text cell 2" });
    expect(await within(text).findByRole("heading", { name: "Title" })).toBeTruthy();
  });

  it("runs a cell from its Run cell button", () => {
    const { actions, codeId } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Run cell" }));
    expect(actions.execute).toHaveBeenCalledWith([codeId]);
  });

  it("shows outputs, the execution count and the running state from the document", () => {
    const { model } = setup();
    const cell = codeCellMap(model, 0);
    act(() => {
      (cell.get("outputs") as Y.Array<unknown>).push([new Y.Map<unknown>([["output_type", "stream"], ["name", "stdout"], ["text", new Y.Text("42\n")]])]);
      cell.set("execution_count", 3);
    });
    expect(screen.getByText("42")).toBeTruthy();
    expect(screen.getByText("[3]")).toBeTruthy();
    act(() => {
      (cell.get("metadata") as Y.Map<unknown>).set("collaboratory", { execution: { status: "running", started_at: new Date().toISOString(), by: "ada" } });
    });
    expect(screen.getByRole("button", { name: "Interrupt execution" }).getAttribute("data-status")).toBe("running");
  });

  it("shows an input prompt when the cell waits for input and sends the answer", () => {
    const { model, actions } = setup();
    act(() => {
      (codeCellMap(model, 0).get("metadata") as Y.Map<unknown>).set("collaboratory", {
        execution: { status: "running", input: { prompt: "Name? ", password: false } },
      });
    });
    const box = screen.getByRole("textbox", { name: /Name\?/ });
    fireEvent.change(box, { target: { value: "Ada" } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(actions.inputReply).toHaveBeenCalledWith("Ada");
  });

  it("handles command-mode keys: B inserts a code cell below, D D deletes, Z undoes", () => {
    const { model, controller, codeId } = setup();
    act(() => controller.select(codeId, "command"));
    const cell = screen.getByRole("group", { name: "Code cell 1" });
    act(() => {
      fireEvent.keyDown(cell, { key: "b" });
    });
    expect(model.cells).toHaveLength(3);
    expect(screen.getByRole("group", { name: "Code cell 2" })).toBeTruthy();
    act(() => controller.select(codeId, "command"));
    act(() => {
      fireEvent.keyDown(cell, { key: "d" });
      fireEvent.keyDown(cell, { key: "d" });
    });
    expect(model.cells).toHaveLength(2);
    act(() => {
      fireEvent.keyDown(screen.getByRole("group", { name: "Code cell 1" }), { key: "z" });
    });
    expect(model.cells.map((c) => c.getSource())).toEqual(["print(6*7)", "", "# Title\nSome text"]);
  });

  it("collapses a heading's section", () => {
    const { model, textId } = setup();
    act(() => {
      insertCell(model, 2, "code", "hidden = 1");
    });
    expect(screen.getByRole("group", { name: "Code cell 3" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Collapse section" }));
    expect(screen.queryByRole("group", { name: "Code cell 3" })).toBeNull();
    expect(screen.getByRole("button", { name: "1 cell hidden" })).toBeTruthy();
    expect(textId).toBeTruthy();
  });

  it("is read-only for a viewer: no run button, no cell tools, no inserting or deleting by key", () => {
    const { model, controller, codeId } = setup(true);
    expect(screen.queryByRole("button", { name: "Run cell" })).toBeNull();
    expect(screen.getByLabelText("Execution count none")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Insert code cell/ })).toBeNull();
    act(() => controller.select(codeId, "command"));
    expect(screen.queryByRole("toolbar", { name: "Cell actions" })).toBeNull();
    const cell = screen.getByRole("group", { name: "Code cell 1" });
    act(() => {
      fireEvent.keyDown(cell, { key: "b" });
      fireEvent.keyDown(cell, { key: "d" });
      fireEvent.keyDown(cell, { key: "d" });
      fireEvent.keyDown(cell, { key: "Enter", shiftKey: true });
    });
    expect(model.cells.map((c) => c.getSource())).toEqual(["print(6*7)", "# Title\nSome text"]);
  });
});
