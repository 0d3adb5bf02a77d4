import { YNotebook } from "@jupyter/ydoc";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { KernelActions } from "../../live/kernelActions";
import { EditorRegistry } from "../cell/editorRegistry";
import { VisibilityTracker } from "../cell/visibility";
import { insertCell } from "../model/cellOps";
import { NotebookController } from "../model/NotebookController";
import { NotebookContext, type NotebookContextValue } from "../NotebookContext";
import { AddFormFieldDialog, specError, specLine, type FieldSpec } from "./AddFormFieldDialog";
import { CodeWithForm } from "./CellForm";

const SOURCE = [
  '# @title Every field { run: "auto" }',
  "# @markdown Some *Markdown*.",
  'text = "value"  # @param {type:"string"}',
  'raw = None  # @param {type:"raw"}',
  'number = 10.0  # @param {type:"number"}',
  'integer = 10  # @param {type:"integer"}',
  'flag = True  # @param {type:"boolean"}',
  'day = "2018-03-22"  # @param {type:"date"}',
  'slider = 0  # @param {type:"slider", min:-1, max:1, step:0.1}',
  'choice = "A"  # @param ["A", "B", "C"]',
  'free = "A"  # @param ["A", "B"] {allow-input: true}',
  "print(text)",
].join("\n");

function setup(source: string, readOnly = false) {
  const model = YNotebook.create();
  const id = insertCell(model, 0, "code", source);
  const execute = vi.fn(() => Promise.resolve());
  const actions = { execute, executeAll: vi.fn(), interrupt: vi.fn(), restart: vi.fn() } as unknown as KernelActions;
  const controller = new NotebookController(model, actions);
  const context = {
    notebookId: "nb",
    readOnly,
    controller,
    awareness: null,
    kernel: null,
    editors: new EditorRegistry(),
    visibility: new VisibilityTracker(),
    handleKey: () => false,
    replyInput: () => undefined,
  } as NotebookContextValue;
  const cell = model.cells[0]!;
  const view = render(
    <NotebookContext.Provider value={context}>
      <CodeWithForm cell={cell} editor={<div data-testid="editor" />} />
    </NotebookContext.Provider>,
  );
  const line = (n: number) => cell.ysource.toString().split("\n")[n];
  return { model, id, cell, execute, controller, view, line };
}

describe("CodeWithForm", () => {
  it("renders a widget of the right kind for every type, beside the code", () => {
    setup(SOURCE);
    expect(screen.getByTestId("editor")).toBeTruthy();
    expect(screen.getByRole("group", { name: "Form: Every field" })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>("text", { selector: "input, select" }).value).toBe("value");
    expect(screen.getByLabelText<HTMLInputElement>("raw", { selector: "input, select" }).value).toBe("None");
    expect(screen.getByLabelText<HTMLInputElement>("number", { selector: "input, select" }).type).toBe("number");
    expect(screen.getByLabelText<HTMLInputElement>("integer", { selector: "input, select" }).step).toBe("1");
    expect(screen.getByLabelText<HTMLInputElement>("flag", { selector: "input, select" }).checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>("day", { selector: "input, select" }).type).toBe("date");
    const slider = screen.getByLabelText<HTMLInputElement>("slider", { selector: "input, select" });
    expect([slider.type, slider.min, slider.max, slider.step]).toEqual(["range", "-1", "1", "0.1"]);
    expect(screen.getByLabelText("choice", { selector: "input, select" }).tagName).toBe("SELECT");
    const free = screen.getByLabelText<HTMLInputElement>("free", { selector: "input, select" });
    expect(free.tagName).toBe("INPUT");
    expect(free.list?.querySelectorAll("option").length).toBe(2);
  });

  it("each change rewrites its own line; a run-auto form runs when the change is complete", () => {
    vi.useFakeTimers();
    try {
      const { line, execute, id } = setup(SOURCE);
      const text = screen.getByLabelText("text", { selector: "input, select" });
      fireEvent.change(text, { target: { value: 'say "hi"' } });
      expect(line(2)).toBe('text = "say \\"hi\\""  # @param {type:"string"}');
      expect(execute).not.toHaveBeenCalled();
      fireEvent.blur(text);
      expect(execute).toHaveBeenCalledTimes(1);
      expect(execute).toHaveBeenLastCalledWith([id]);
      fireEvent.change(screen.getByLabelText("raw", { selector: "input, select" }), { target: { value: "[1, 2]" } });
      expect(line(3)).toBe('raw = [1, 2]  # @param {type:"raw"}');
      fireEvent.change(screen.getByLabelText("number", { selector: "input, select" }), { target: { value: "2.5" } });
      expect(line(4)).toBe('number = 2.5  # @param {type:"number"}');
      fireEvent.change(screen.getByLabelText("integer", { selector: "input, select" }), { target: { value: "42" } });
      expect(line(5)).toBe('integer = 42  # @param {type:"integer"}');
      fireEvent.click(screen.getByLabelText("flag", { selector: "input, select" }));
      expect(line(6)).toBe('flag = False  # @param {type:"boolean"}');
      fireEvent.change(screen.getByLabelText("day", { selector: "input, select" }), { target: { value: "2024-02-29" } });
      expect(line(7)).toBe('day = "2024-02-29"  # @param {type:"date"}');
      execute.mockClear();
      fireEvent.change(screen.getByLabelText("slider", { selector: "input, select" }), { target: { value: "0.5" } });
      expect(line(8)).toBe('slider = 0.5  # @param {type:"slider", min:-1, max:1, step:0.1}');
      expect(execute).not.toHaveBeenCalled();
      act(() => void vi.advanceTimersByTime(400));
      expect(execute).toHaveBeenCalledTimes(1);
      fireEvent.change(screen.getByLabelText("choice", { selector: "input, select" }), { target: { value: "C" } });
      expect(line(9)).toBe('choice = "C"  # @param ["A", "B", "C"]');
      expect(execute).toHaveBeenCalledTimes(2);
      fireEvent.change(screen.getByLabelText("free", { selector: "input, select" }), { target: { value: "mango" } });
      expect(line(10)).toBe('free = "mango"  # @param ["A", "B"] {allow-input: true}');
      expect(line(11)).toBe("print(text)");
    } finally {
      vi.useRealTimers();
    }
  });

  it("follows the source as co-editors change it", () => {
    const { cell } = setup('x = 1  # @param {type:"integer"}');
    act(() => {
      cell.ysource.delete(4, 1);
      cell.ysource.insert(4, "9");
    });
    expect(screen.getByLabelText<HTMLInputElement>("x", { selector: "input, select" }).value).toBe("9");
  });

  it("display-mode form shows the form instead of the code, until Show code", () => {
    setup('# @title T { display-mode: "form" }\nx = "A"  # @param ["A", "B"]');
    expect(screen.queryByTestId("editor")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show code" }));
    expect(screen.getByTestId("editor")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Hide code" }));
    expect(screen.queryByTestId("editor")).toBeNull();
  });

  it("no form without annotations; without run auto nothing runs; read-only disables the fields", () => {
    const plain = setup("print(1)  # @params");
    expect(screen.queryByRole("group")).toBeNull();
    plain.view.unmount();
    const { execute } = setup('x = "A"  # @param ["A", "B"]');
    fireEvent.change(screen.getByLabelText("x", { selector: "input, select" }), { target: { value: "B" } });
    expect(execute).not.toHaveBeenCalled();
  });

  it("read-only: the fields are disabled", () => {
    setup('x = "A"  # @param ["A", "B"]', true);
    expect(screen.getByLabelText<HTMLSelectElement>("x", { selector: "input, select" }).disabled).toBe(true);
  });
});

describe("Insert › Add a form field", () => {
  const base: FieldSpec = { kind: "input", variableType: "string", name: "v", options: "", allowInput: false, min: "0", max: "10", step: "1", markdown: "" };

  it("validates and writes each field kind", () => {
    expect(specError({ ...base, name: "class" })).toMatch(/identifier/);
    expect(specError({ ...base, kind: "dropdown" })).toMatch(/option/);
    expect(specError({ ...base, kind: "slider", min: "5", max: "1" })).toMatch(/below/);
    expect(specLine({ ...base, kind: "dropdown", options: "a, b", allowInput: true })).toBe('v = "a"  # @param ["a", "b"] {allow-input: true}');
    expect(specLine({ ...base, kind: "markdown", markdown: "**Hi**" })).toBe("# @markdown **Hi**");
    expect(specLine({ ...base, variableType: "integer" })).toBe('v = 0  # @param {type:"integer"}');
  });

  it("the dialog adds the line (and a title) to the selected code cell", () => {
    const { controller, id, cell, view } = setup("print(1)");
    view.unmount();
    controller.select(id, "command");
    const onClose = vi.fn();
    render(
      <NotebookContext.Provider value={{ controller } as unknown as NotebookContextValue}>
        <AddFormFieldDialog onClose={onClose} />
      </NotebookContext.Provider>,
    );
    fireEvent.change(screen.getByLabelText("Form field type"), { target: { value: "slider" } });
    fireEvent.change(screen.getByLabelText("Variable name"), { target: { value: "speed" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(cell.ysource.toString()).toBe('# @title Default title text\nprint(1)\nspeed = 0  # @param {type:"slider", min:0, max:100, step:1}');
    expect(onClose).toHaveBeenCalled();
  });
});
