import { useEffect, useId, useRef, type ReactNode } from "react";
import "./chrome.css";

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** "wide" for two-pane dialogs such as the revision history. */
  size?: "normal" | "wide";
}

/** A modal dialog named by its title: Escape or a click on the backdrop closes it. */
export function Dialog({ title, onClose, children, footer, size = "normal" }: Props) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>(
      "input, select, textarea, button:not(.chrome-dialog-close)",
    );
    first?.focus();
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") closeRef.current();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="chrome-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={`chrome-dialog ${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        ref={box}
      >
        <header className="chrome-dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button chrome-dialog-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="chrome-dialog-body">{children}</div>
        {footer && <footer className="chrome-dialog-footer">{footer}</footer>}
      </div>
    </div>
  );
}
