import { useEffect, useRef, useState } from "react";
import type { ParamField } from "./parse";
import { displayValue } from "./rewrite";

interface Props {
  field: ParamField;
  disabled: boolean;
  /** Write this value into the source line (as the field's type writes it). */
  onChange(value: string | number | boolean): void;
  /** The change is complete (a choice picked, a text field left): the moment `{run: "auto"}` runs. */
  onCommit(): void;
}

/** A text-like input that keeps what is being typed while the source holds the last valid value. */
function DraftInput({ field, disabled, onChange, onCommit, type }: Props & { type: "text" | "number" | "date" }) {
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? displayValue(field);
  const step = field.type === "integer" ? 1 : "any";
  return (
    <input
      className={`form-input${field.type === "raw" ? " form-raw" : ""}`}
      type={type}
      aria-label={field.name}
      value={value}
      step={type === "number" ? step : undefined}
      placeholder={field.placeholder ?? undefined}
      disabled={disabled}
      list={field.options ? `${field.name}-${field.line}-choices` : undefined}
      onChange={(event) => {
        setDraft(event.target.value);
        onChange(event.target.value);
        if (type === "date") onCommit();
      }}
      onBlur={() => {
        if (draft !== null) onCommit();
        setDraft(null);
      }}
      onKeyDown={(event) => {
        event.stopPropagation(); // typing here is not a notebook shortcut
        if (event.key === "Enter") onCommit();
      }}
    />
  );
}

function Slider({ field, disabled, onChange, onCommit }: Props) {
  const timer = useRef<number | null>(null);
  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);
  const value = Number(field.value);
  return (
    <span className="form-slider">
      <input
        type="range"
        aria-label={field.name}
        min={field.min ?? 0}
        max={field.max ?? 100}
        step={field.step ?? 1}
        value={Number.isFinite(value) ? value : (field.min ?? 0)}
        disabled={disabled}
        onKeyDown={(event) => event.stopPropagation()}
        onChange={(event) => {
          onChange(Number(event.target.value));
          // Dragging writes every step; `{run: "auto"}` runs once the slider rests.
          if (timer.current !== null) window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => {
            timer.current = null;
            onCommit();
          }, 300);
        }}
      />
      <output className="form-slider-value">{field.value}</output>
    </span>
  );
}

/** One `# @param` field: the widget its type calls for, labelled with its variable name. */
export function FormField(props: Props) {
  const { field, disabled, onChange, onCommit } = props;
  let widget;
  if (field.type === "boolean") {
    widget = (
      <input
        type="checkbox"
        aria-label={field.name}
        checked={field.value === "True"}
        disabled={disabled}
        onChange={(event) => {
          onChange(event.target.checked);
          onCommit();
        }}
      />
    );
  } else if (field.type === "slider") {
    widget = <Slider {...props} />;
  } else if (field.options && !field.allowInput) {
    const current = displayValue(field);
    const choices = field.options.includes(current) ? field.options : [current, ...field.options];
    widget = (
      <select
        className="form-input"
        aria-label={field.name}
        value={current}
        disabled={disabled}
        onKeyDown={(event) => event.stopPropagation()}
        onChange={(event) => {
          onChange(event.target.value);
          onCommit();
        }}
      >
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  } else {
    const type = field.type === "date" ? "date" : field.type === "number" || field.type === "integer" ? "number" : "text";
    widget = (
      <>
        <DraftInput {...props} type={type} />
        {field.options && (
          <datalist id={`${field.name}-${field.line}-choices`}>
            {field.options.map((choice) => (
              <option key={choice} value={choice} />
            ))}
          </datalist>
        )}
      </>
    );
  }
  return (
    <label className="form-field">
      <span className="form-label">{field.name}:</span>
      {widget}
    </label>
  );
}
