import { useEffect, useId, useRef, type ReactNode } from "react";

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** "wide" for two-pane dialogs such as the revision history. */
  size?: "normal" | "wide";
}

/**
 * The app's one modal dialog: role=dialog named by its title, focus moves inside when it opens,
 * Escape, the close button or a click on the backdrop closes it.
 */
export function Modal({ title, onClose, children, footer, size = "normal" }: Props) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  // Read at Escape time: the focus is moved inside once, not again whenever the caller re-renders.
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>("input, select, textarea, button:not(.modal-close)");
    first?.focus();
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") closeRef.current();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`modal ${size}`} role="dialog" aria-modal="true" aria-labelledby={titleId} ref={box}>
        <header className="modal-header">
          <h2 id={titleId} className="modal-title">
            {title}
          </h2>
          <button type="button" className="icon-button modal-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer className="modal-footer">{footer}</footer>}
      </div>
    </div>
  );
}

interface ActionsProps {
  onCancel: () => void;
  onConfirm: () => void;
  /** What the dialog does: "Save", "Move here", "Delete forever"… */
  label: string;
  disabled?: boolean;
  /** The action cannot be undone (shown in red). */
  danger?: boolean;
}

/** A dialog's footer: Cancel, then the action the dialog is for. */
export function ModalActions({ onCancel, onConfirm, label, disabled = false, danger = false }: ActionsProps) {
  return (
    <>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="button" className={danger ? "button danger" : "button primary"} disabled={disabled} onClick={onConfirm}>
        {label}
      </button>
    </>
  );
}
