import "./ui.css";

interface Props {
  /** The accessible name (what the switch turns on). */
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange(checked: boolean): void;
}

/** An on/off switch (role=switch), as Colab's *Notebook access* toggle. */
export function Switch({ label, checked, disabled = false, onChange }: Props) {
  return (
    <button
      type="button"
      role="switch"
      className={`ui-switch${checked ? " on" : ""}`}
      aria-label={label}
      aria-checked={checked}
      title={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span className="ui-switch-knob" aria-hidden="true" />
    </button>
  );
}
