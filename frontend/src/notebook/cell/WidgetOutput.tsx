import { useEffect, useRef, useState } from "react";
import type { WidgetManagerHandle } from "../../widgets/createWidgetManager";
import { MODEL_GONE_TEXT } from "../../widgets/WidgetView";

/** One ipywidget view, rendered by the notebook's (lazily created) widget manager. */
export function WidgetOutput({ modelId, manager }: { modelId: string; manager: () => Promise<WidgetManagerHandle> }) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const into = host.current;
    if (!into) return;
    let remove: (() => void) | null = null;
    let live = true;
    manager()
      .then((handle) => handle.render(modelId, into))
      .then((dispose) => {
        if (live) remove = dispose;
        else dispose();
      })
      .catch(() => live && setError(MODEL_GONE_TEXT));
    return () => {
      live = false;
      remove?.();
    };
  }, [modelId, manager]);
  return (
    <div className="widget-output" ref={host}>
      {error && <p className="widget-missing">{error}</p>}
    </div>
  );
}
