import { useState } from "react";
import { crashOf } from "./crash";
import { WarningIcon } from "./icons";
import type { RuntimeController } from "./useRuntime";
import "./runtime.css";

interface Notice {
  kind: "error" | "warning";
  text: string;
}

/**
 * A dismissible banner for the runtime's notices: idle/lifetime warnings before culling, and
 * errors (a failed connect, a dead kernel). A dismissed notice stays hidden until another comes.
 */
export function RuntimeWarning({ controller }: { controller: RuntimeController }) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const notices: Notice[] = [];
  // A crash is told under the Connect button, with what to do: not twice.
  const crash = crashOf(controller.runtime, controller.error);
  if (controller.error && controller.error !== crash?.message) notices.push({ kind: "error", text: controller.error });
  if (controller.warning) notices.push({ kind: "warning", text: controller.warning });
  const shown = notices.filter((n) => !dismissed.has(n.text));
  if (shown.length === 0) return null;
  return (
    <div className="runtime-warnings">
      {shown.map((notice) => (
        <div key={notice.kind} className={`runtime-warning ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
          <WarningIcon />
          <span className="runtime-warning-text">{notice.text}</span>
          <button
            type="button"
            className="runtime-warning-dismiss"
            aria-label="Dismiss"
            onClick={() => setDismissed((d) => new Set(d).add(notice.text))}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
