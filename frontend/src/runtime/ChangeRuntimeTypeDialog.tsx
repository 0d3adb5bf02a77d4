import { useEffect, useId, useState } from "react";
import { Modal, ModalActions } from "../ui/Modal";
import { errorMessage } from "../api/errors";
import { runtimeApi, type RuntimeTypeInfo } from "./api";
import { acceleratorChoices, baseTypeId, choiceLabel, findType, memoryLabel, shapeOf, type Shape } from "./runtimeTypes";
import "./runtime.css";

interface Props {
  current: string | null;
  onSave: (runtimeType: string) => void;
  onClose: () => void;
}

/** Runtime › Change runtime type: a Hardware accelerator (CPU/GPU/TPU) and a shape (High-RAM). */
export function ChangeRuntimeTypeDialog({ current, onSave, onClose }: Props) {
  const [types, setTypes] = useState<RuntimeTypeInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [base, setBase] = useState(baseTypeId(current ?? "cpu"));
  const [shape, setShape] = useState<Shape>(shapeOf(current ?? "cpu"));
  const accelId = useId();
  const shapeId = useId();

  useEffect(() => {
    let live = true;
    runtimeApi.types().then(
      (loaded) => live && setTypes(loaded),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  const chosen = types ? findType(types, base, shape) : undefined;
  const canSave = chosen !== undefined && chosen.available;
  const footer = (
    <ModalActions onCancel={onClose} onConfirm={() => chosen && onSave(chosen.id)} label="Save" disabled={!canSave} />
  );
  return (
    <Modal title="Change runtime type" onClose={onClose} footer={footer}>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!types && !error && <p className="runtime-muted">Loading runtime types…</p>}
      {types && (
        <div className="runtime-type-form">
          <div role="radiogroup" aria-labelledby={accelId} className="runtime-radios">
            <h3 id={accelId}>Hardware accelerator</h3>
            {acceleratorChoices(types).map((type) => (
              <Choice
                key={type.id}
                name="accelerator"
                label={choiceLabel(type)}
                hint={type.reason}
                checked={base === type.id}
                disabled={!type.available}
                onChoose={() => setBase(type.id)}
              />
            ))}
          </div>
          <div role="radiogroup" aria-labelledby={shapeId} className="runtime-radios">
            <h3 id={shapeId}>Runtime shape</h3>
            {(["standard", "highram"] as const).map((s) => {
              const type = findType(types, base, s);
              return (
                <Choice
                  key={s}
                  name="shape"
                  label={s === "standard" ? "Standard" : "High-RAM"}
                  hint={type ? memoryLabel(type) : "Not offered for this accelerator."}
                  checked={shape === s}
                  disabled={!type || !type.available}
                  onChoose={() => setShape(s)}
                />
              );
            })}
          </div>
        </div>
      )}
    </Modal>
  );
}

interface ChoiceProps {
  name: string;
  label: string;
  hint: string | null;
  checked: boolean;
  disabled: boolean;
  onChoose: () => void;
}

function Choice({ name, label, hint, checked, disabled, onChoose }: ChoiceProps) {
  const hintId = useId();
  return (
    <div className={`runtime-radio${disabled ? " disabled" : ""}`}>
      <label>
        <input
          type="radio"
          name={name}
          checked={checked}
          disabled={disabled}
          aria-describedby={hint ? hintId : undefined}
          onChange={onChoose}
        />
        <span className="runtime-radio-label">{label}</span>
      </label>
      {hint && (
        <span id={hintId} className="runtime-radio-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
