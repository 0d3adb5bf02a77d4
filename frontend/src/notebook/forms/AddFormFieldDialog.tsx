import type { YNotebook } from "@jupyter/ydoc";
import { useState } from "react";
import { Modal, ModalActions } from "../../ui/Modal";
import { cellKind, indexOfCell } from "../model/cells";
import { insertCell } from "../model/cellOps";
import type { NotebookController } from "../model/NotebookController";
import { useNotebookContext } from "../NotebookContext";
import { paramLine } from "./rewrite";

type FieldKind = "input" | "dropdown" | "slider" | "markdown";
type VariableType = "string" | "raw" | "number" | "integer" | "boolean" | "date";

const PYTHON_KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);

export interface FieldSpec {
  kind: FieldKind;
  variableType: VariableType;
  name: string;
  options: string;
  allowInput: boolean;
  min: string;
  max: string;
  step: string;
  markdown: string;
}

/** What is wrong with the spec, in words, or null when it makes a valid line. */
export function specError(spec: FieldSpec): string | null {
  if (spec.kind === "markdown") return spec.markdown.includes("\n") ? "Markdown goes on one line." : null;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.name) || PYTHON_KEYWORDS.has(spec.name)) return "Variable name must be a Python identifier.";
  if (spec.kind === "dropdown" && spec.options.split(",").every((option) => option.trim() === "")) return "Give the dropdown at least one option.";
  if (spec.kind === "slider") {
    const [min, max, step] = [Number(spec.min), Number(spec.max), Number(spec.step)];
    if ([min, max, step].some((n) => !Number.isFinite(n)) || spec.min.trim() === "" || spec.max.trim() === "") return "Slider min, max and step must be numbers.";
    if (min >= max) return "Slider min must be below max.";
    if (step <= 0) return "Slider step must be above 0.";
  }
  return null;
}

/** The source line the spec adds (`name = value  # @param …` or `# @markdown …`). */
export function specLine(spec: FieldSpec): string {
  switch (spec.kind) {
    case "markdown":
      return `# @markdown ${spec.markdown}`;
    case "dropdown":
      return paramLine({
        name: spec.name,
        type: "dropdown",
        value: "",
        options: spec.options.split(",").map((option) => option.trim()).filter((option) => option !== ""),
        allowInput: spec.allowInput,
      });
    case "slider":
      return paramLine({ name: spec.name, type: "slider", value: "", min: Number(spec.min), max: Number(spec.max), step: Number(spec.step || "1") });
    case "input":
      return paramLine({ name: spec.name, type: spec.variableType, value: spec.variableType === "date" ? new Date().toISOString().slice(0, 10) : "" });
  }
}

/**
 * Add the line to the selected code cell (after its last line; with Colab's `# @title` when the
 * cell has none), or to a new code cell below when the selection is not a code cell.
 */
export function addFormLine(model: YNotebook, controller: NotebookController, line: string): void {
  const activeId = controller.selection.activeId;
  const index = activeId ? indexOfCell(model, activeId) : -1;
  const cell = index >= 0 ? model.cells[index] : undefined;
  if (!cell || cellKind(cell) !== "code") {
    const id = insertCell(model, index + 1, "code", `# @title Default title text\n${line}\n`);
    controller.select(id, "command");
    return;
  }
  const ytext = cell.ysource;
  const source = ytext.toString();
  const hasTitle = /^\s*#\s*@title\b/m.test(source);
  model.ydoc.transact(() => {
    const tail = source === "" || source.endsWith("\n") ? `${line}\n` : `\n${line}`;
    ytext.insert(source.length, tail);
    if (!hasTitle) ytext.insert(0, "# @title Default title text\n");
  });
}

const INITIAL: FieldSpec = { kind: "input", variableType: "string", name: "variable_name", options: "", allowInput: false, min: "0", max: "100", step: "1", markdown: "" };

/** Insert › Add a form field: Colab's dialog (field type, variable type and name, its options). */
export function AddFormFieldDialog({ onClose }: { onClose(): void }) {
  const { controller } = useNotebookContext();
  const [spec, setSpec] = useState<FieldSpec>(INITIAL);
  const set = (change: Partial<FieldSpec>) => setSpec((old) => ({ ...old, ...change }));
  const error = specError(spec);
  const save = () => {
    if (error) return;
    addFormLine(controller.model, controller, specLine(spec));
    onClose();
  };
  return (
    <Modal title="Add new form field" onClose={onClose} footer={<ModalActions onCancel={onClose} onConfirm={save} label="Save" disabled={error !== null} />}>
      <div className="add-form-field">
        <label className="field">
          Form field type
          <select value={spec.kind} onChange={(event) => set({ kind: event.target.value as FieldKind })}>
            <option value="input">input</option>
            <option value="dropdown">dropdown</option>
            <option value="slider">slider</option>
            <option value="markdown">markdown</option>
          </select>
        </label>
        {spec.kind === "input" && (
          <label className="field">
            Variable type
            <select value={spec.variableType} onChange={(event) => set({ variableType: event.target.value as VariableType })}>
              {["string", "raw", "number", "integer", "boolean", "date"].map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
        )}
        {spec.kind === "markdown" ? (
          <label className="field">
            Markdown
            <input value={spec.markdown} onChange={(event) => set({ markdown: event.target.value })} />
          </label>
        ) : (
          <label className="field">
            Variable name
            <input value={spec.name} onChange={(event) => set({ name: event.target.value })} />
          </label>
        )}
        {spec.kind === "dropdown" && (
          <>
            <label className="field">
              Dropdown options (comma-separated)
              <input value={spec.options} onChange={(event) => set({ options: event.target.value })} />
            </label>
            <label className="chrome-check">
              <input type="checkbox" checked={spec.allowInput} onChange={(event) => set({ allowInput: event.target.checked })} />
              Allow other values
            </label>
          </>
        )}
        {spec.kind === "slider" && (
          <div className="add-form-slider">
            {(["min", "max", "step"] as const).map((key) => (
              <label key={key} className="field">
                {key === "min" ? "Min" : key === "max" ? "Max" : "Step"}
                <input type="number" value={spec[key]} onChange={(event) => set({ [key]: event.target.value })} />
              </label>
            ))}
          </div>
        )}
        {error && (
          <p className="add-form-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
