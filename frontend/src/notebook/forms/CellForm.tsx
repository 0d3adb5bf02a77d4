import type { YCellType } from "@jupyter/ydoc";
import { useMemo, useState, type ReactNode } from "react";
import { useMarkdownRenderer } from "../markdownLoader";
import { useYText } from "../model/hooks";
import { useNotebookContext } from "../NotebookContext";
import { FormField } from "./FormField";
import { parseForm, type CellFormModel, type ParamField } from "./parse";
import { literalFor, writeFieldValue } from "./rewrite";
import "./forms.css";

function MarkdownText({ text, className }: { text: string; className: string }) {
  const renderer = useMarkdownRenderer();
  const html = useMemo(() => renderer?.renderMarkdown(text), [renderer, text]);
  if (html === undefined) return <div className={className}>{text}</div>;
  return <div className={`${className} markdown`} dangerouslySetInnerHTML={{ __html: html }} />;
}

interface FormProps {
  form: CellFormModel;
  disabled: boolean;
  codeShown: boolean;
  onToggleCode(): void;
  onChange(field: ParamField, value: string | number | boolean): void;
  onCommit(field: ParamField): void;
}

/** The rendered form of a cell: its title, Markdown lines and fields, in source order. */
export function CellFormView({ form, disabled, codeShown, onToggleCode, onChange, onCommit }: FormProps) {
  const title = form.title ?? "";
  return (
    <div className="cell-form" role="group" aria-label={title !== "" ? `Form: ${title.replace(/^#+\s*/, "")}` : "Form"}>
      <div className="cell-form-head" onDoubleClick={onToggleCode}>
        {title !== "" && <MarkdownText className="cell-form-title" text={title.startsWith("#") ? title : `**${title}**`} />}
        <button type="button" className="button small cell-form-code" onClick={onToggleCode}>
          {codeShown ? "Hide code" : "Show code"}
        </button>
      </div>
      {form.items.map((item) =>
        item.kind === "markdown" ? (
          <MarkdownText key={item.line} className="cell-form-markdown" text={item.text} />
        ) : (
          <FormField
            key={`${item.line}:${item.name}`}
            field={item}
            disabled={disabled}
            onChange={(value) => onChange(item, value)}
            onCommit={() => onCommit(item)}
          />
        ),
      )}
    </div>
  );
}

/**
 * A code cell's input: its editor, and beside it (or instead of it, for `{display-mode: "form"}`)
 * the form of its `# @param` fields. A change rewrites that line of the shared source; a field of a
 * `{run: "auto"}` form runs the cell once the change is complete.
 */
export function CodeWithForm({ cell, editor }: { cell: YCellType; editor: ReactNode }) {
  const ctx = useNotebookContext();
  const source = useYText(cell.ysource);
  const form = useMemo(() => parseForm(source), [source]);
  const [toggled, setToggled] = useState<boolean | null>(null);
  if (!form) return <>{editor}</>;
  const codeShown = toggled ?? form.displayMode !== "form";
  return (
    <div className={`cell-with-form${codeShown ? "" : " form-only"}`}>
      {codeShown && editor}
      <CellFormView
        form={form}
        disabled={ctx.readOnly}
        codeShown={codeShown}
        onToggleCode={() => setToggled(!codeShown)}
        onChange={(field, value) => writeFieldValue(cell.ysource, field, literalFor(field, value))}
        onCommit={(field) => {
          if (form.runAuto || field.runAuto) ctx.controller.runCell(cell.getId());
        }}
      />
    </div>
  );
}
