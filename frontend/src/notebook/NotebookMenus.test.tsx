import { YNotebook } from "@jupyter/ydoc";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { KernelActions } from "../live/kernelActions";
import { notebookCommands, type PageActions } from "./commands/notebookCommands";
import { insertCell } from "./model/cellOps";
import { NotebookController } from "./model/NotebookController";
import { NotebookMenus } from "./NotebookMenus";

/** The kernel side, recording which cells it was asked to run. */
class RecordingKernel implements KernelActions {
  readonly executed: string[][] = [];
  execute(cellIds: string[]) {
    this.executed.push(cellIds);
    return Promise.resolve();
  }
  executeAll = () => Promise.resolve();
  executeCode = () => Promise.resolve();
  inputReply = () => Promise.resolve();
  complete = () => Promise.resolve({ matches: [], cursor_start: 0, cursor_end: 0, metadata: {} });
  inspect = () => Promise.resolve({ found: false, data: {}, metadata: {} });
  interrupt = () => Promise.resolve();
  restart = () => Promise.resolve();
}

const nothing = () => undefined;
const page = new Proxy({} as PageActions, { get: () => nothing });

function setup() {
  const model = YNotebook.create();
  const ids = ["a = 1", "b = 2", "print(a + b)"].map((source, i) => insertCell(model, i, "code", source));
  const kernel = new RecordingKernel();
  const controller = new NotebookController(model, kernel);
  render(<NotebookMenus commands={notebookCommands(controller, page)} controller={controller} />);
  return { ids, kernel, controller };
}

function openMenu(name: string) {
  fireEvent.click(within(screen.getByRole("menubar")).getByRole("menuitem", { name }));
  return screen.getByRole("menu", { name });
}

const isDisabled = (menu: HTMLElement, item: string) =>
  within(menu).getByRole("menuitem", { name: new RegExp(`^${item}`) }).getAttribute("aria-disabled") === "true";

const ACTIVE_CELL_ITEMS = ["Run before", "Run the focused cell", "Run selection", "Run cell and below"];

describe("NotebookMenus", () => {
  it("enables Runtime › Run before (and the other active-cell items) once a cell becomes active", () => {
    const { ids, kernel, controller } = setup();
    let runtime = openMenu("Runtime");
    for (const item of ACTIVE_CELL_ITEMS) expect(isDisabled(runtime, item)).toBe(true);
    expect(isDisabled(runtime, "Run all")).toBe(false);
    fireEvent.click(within(screen.getByRole("menubar")).getByRole("menuitem", { name: "Runtime" }));

    act(() => controller.select(ids[2]!)); // what a click on the cell does
    runtime = openMenu("Runtime");
    for (const item of ACTIVE_CELL_ITEMS) expect(isDisabled(runtime, item)).toBe(false);
    fireEvent.click(within(runtime).getByRole("menuitem", { name: /^Run before/ }));
    expect(kernel.executed).toEqual([[ids[0], ids[1]]]);
  });

  it("updates an open menu when the active cell goes away", () => {
    const { ids, controller } = setup();
    act(() => controller.select(ids[0]!));
    const edit = openMenu("Edit");
    expect(isDisabled(edit, "Delete cell")).toBe(false);
    act(() => controller.select(null));
    expect(isDisabled(edit, "Delete cell")).toBe(true);
  });

  it("enables Edit › Paste cell once a cell was copied", () => {
    const { ids, controller } = setup();
    act(() => controller.select(ids[1]!));
    expect(isDisabled(openMenu("Edit"), "Paste cell")).toBe(true);
    act(() => controller.copy());
    expect(isDisabled(screen.getByRole("menu", { name: "Edit" }), "Paste cell")).toBe(false);
  });
});
