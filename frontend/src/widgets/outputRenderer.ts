import { stripAnsi } from "../notebook/ansi";
import type { WidgetOutput } from "./capturedOutputs";

export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";
const IMAGE_MIMES = ["image/png", "image/jpeg", "image/gif"] as const;

/** Renders a nested widget (a widget displayed inside an Output widget); returns its removal. */
export type NestedWidgetRenderer = (modelId: string, host: HTMLElement) => Promise<() => void>;

function textOf(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join("");
  return typeof value === "string" ? value : "";
}

function pre(text: string, className: string): HTMLElement {
  const element = document.createElement("pre");
  element.className = className;
  element.textContent = stripAnsi(text);
  return element;
}

function renderBundle(
  data: Record<string, unknown>,
  renderWidget: NestedWidgetRenderer | undefined,
  cleanups: (() => void)[],
): HTMLElement {
  const widgetRef = data[WIDGET_VIEW_MIME];
  if (renderWidget && typeof widgetRef === "object" && widgetRef !== null && "model_id" in widgetRef) {
    const host = document.createElement("div");
    host.className = "cb-widget-output-widget";
    let removed = false;
    let remove: (() => void) | null = null;
    cleanups.push(() => {
      removed = true;
      remove?.();
    });
    renderWidget(String(widgetRef.model_id), host)
      .then((removal) => (removed ? removal() : (remove = removal)))
      .catch(() => host.replaceChildren(note("The widget could not be displayed.")));
    return host;
  }
  for (const mime of IMAGE_MIMES) {
    if (typeof data[mime] === "string" || Array.isArray(data[mime])) {
      const image = document.createElement("img");
      image.className = "cb-widget-output-image";
      image.alt = "Output image";
      image.src = `data:${mime};base64,${textOf(data[mime]).replace(/\s+/g, "")}`;
      return image;
    }
  }
  if (data["text/plain"] !== undefined) return pre(textOf(data["text/plain"]), "cb-widget-output-text");
  return note(`Output of type ${Object.keys(data).join(", ") || "(empty)"} is not shown inside widgets.`);
}

function note(text: string): HTMLElement {
  const element = document.createElement("div");
  element.className = "cb-widget-output-note";
  element.textContent = text;
  return element;
}

/** Fills `host` with plain renderings of the outputs (no HTML); returns a cleanup for nested widgets. */
export function renderOutputs(
  outputs: readonly WidgetOutput[],
  host: HTMLElement,
  renderWidget?: NestedWidgetRenderer,
): () => void {
  const cleanups: (() => void)[] = [];
  const nodes = outputs.map((output) => {
    switch (output.output_type) {
      case "stream":
        return pre(output.text, `cb-widget-output-text${output.name === "stderr" ? " cb-widget-output-stderr" : ""}`);
      case "error":
        return pre(
          output.traceback.length > 0 ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`,
          "cb-widget-output-text cb-widget-output-error",
        );
      default:
        return renderBundle(output.data, renderWidget, cleanups);
    }
  });
  host.replaceChildren(...nodes);
  return () => cleanups.forEach((cleanup) => cleanup());
}
