import { useEffect, useRef, useState } from "react";
import type { WidgetManagerHandle } from "./createWidgetManager";
import "./widgets.css";

export const MODEL_GONE_TEXT = "The widget could not be displayed because its model is gone; run the cell again.";

type Status = "loading" | "shown" | "gone";

/** A live ipywidget: the output `application/vnd.jupyter.widget-view+json` of a code cell. */
export function WidgetView({ manager, modelId }: { manager: WidgetManagerHandle | null; modelId: string }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>("loading");
  // Bumped when the notebook moves to another kernel: render again, against that kernel's models.
  const [kernelGeneration, setKernelGeneration] = useState(0);
  useEffect(() => manager?.onSwitch?.(() => setKernelGeneration((n) => n + 1)), [manager]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    if (!manager) {
      setStatus("gone");
      return;
    }
    let cancelled = false;
    let remove: (() => void) | null = null;
    // The kernel closing the widget removes its view: the host empties, and the model is gone.
    const observer = new MutationObserver(() => {
      if (remove !== null && host.childElementCount === 0) setStatus("gone");
    });
    observer.observe(host, { childList: true });
    setStatus("loading");
    manager.render(modelId, host).then(
      (removal) => {
        if (cancelled) {
          removal();
          return;
        }
        remove = removal;
        setStatus(host.childElementCount > 0 ? "shown" : "gone");
      },
      () => {
        if (!cancelled) setStatus("gone");
      },
    );
    return () => {
      cancelled = true;
      observer.disconnect();
      remove?.();
    };
  }, [manager, modelId, kernelGeneration]);

  return (
    <div className="cb-widget-area" data-widget-model={modelId} data-widget-status={status}>
      <div ref={hostRef} className="cb-widget-host" />
      {status === "gone" && <div className="cb-widget-gone">{MODEL_GONE_TEXT}</div>}
    </div>
  );
}
