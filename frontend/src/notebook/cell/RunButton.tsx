import { useEffect, useState } from "react";
import type { ExecutionInfo } from "../model/cells";
import { elapsedMs, formatDuration, runTooltip } from "./runInfo";

interface Props {
  execution: ExecutionInfo | null;
  executionCount: number | null;
  /** Someone who may not run cells sees the execution count only. */
  readOnly?: boolean;
  onRun(): void;
  onInterrupt(): void;
}

function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** Colab's run button: play icon, [n] once run, a spinner and timer while running, queued state. */
export function RunButton({ execution, executionCount, readOnly = false, onRun, onInterrupt }: Props) {
  const status = execution?.status ?? "idle";
  const running = status === "running";
  const now = useTicker(running);
  return (
    <div className={`run-control run-${status}`}>
      {!readOnly && (
        <button
          type="button"
          className="run-button"
          aria-label={running ? "Interrupt execution" : "Run cell"}
          title={runTooltip(execution, now)}
          data-status={status}
          onClick={(event) => {
            event.stopPropagation();
            if (running) onInterrupt();
            else onRun();
          }}
        >
          <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
            <circle cx="12" cy="12" r="11" className="run-ring" />
            {running ? <rect x="8.5" y="8.5" width="7" height="7" className="run-glyph" /> : <path d="M9.5 7.5v9l7-4.5z" className="run-glyph" />}
          </svg>
        </button>
      )}
      <span className="run-count" aria-label={`Execution count ${executionCount ?? "none"}`}>
        {running && execution ? formatDuration(elapsedMs(execution, now)) : status === "queued" ? "[*]" : `[${executionCount ?? " "}]`}
      </span>
    </div>
  );
}
