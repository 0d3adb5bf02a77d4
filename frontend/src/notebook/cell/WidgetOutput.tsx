import { useEffect, useState } from "react";
import type { WidgetManagerHandle } from "../../widgets/createWidgetManager";
import { WidgetView } from "../../widgets/WidgetView";

/** One ipywidget view, once the notebook's (lazily created) widget manager is there. */
export function WidgetOutput({ modelId, manager }: { modelId: string; manager: () => Promise<WidgetManagerHandle> }) {
  const [handle, setHandle] = useState<WidgetManagerHandle | null>(null);
  useEffect(() => {
    let live = true;
    void manager().then((loaded) => live && setHandle(loaded));
    return () => {
      live = false;
    };
  }, [manager]);
  if (!handle) return <div className="cb-widget-area" data-widget-model={modelId} data-widget-status="loading" />;
  return <WidgetView manager={handle} modelId={modelId} />;
}
