/** Helpers for the widget tests: ipywidgets states as the kernel sends them, and waiting. */

const CONTROLS = "@jupyter-widgets/controls";
const OUTPUT = "@jupyter-widgets/output";

/** The state of an ipywidgets 8 control (`IntSlider`, `Button`, `HBox`...) as its comm_open carries it. */
export function controlState(name: string, state: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _model_module: CONTROLS,
    _model_module_version: "2.0.0",
    _model_name: `${name}Model`,
    _view_module: CONTROLS,
    _view_module_version: "2.0.0",
    _view_name: `${name}View`,
    ...state,
  };
}

export function outputState(state: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _model_module: OUTPUT,
    _model_module_version: "1.0.0",
    _model_name: "OutputModel",
    _view_module: OUTPUT,
    _view_module_version: "1.0.0",
    _view_name: "OutputView",
    msg_id: "",
    outputs: [],
    ...state,
  };
}

export function sliderState(value: number, state: Record<string, unknown> = {}): Record<string, unknown> {
  return controlState("IntSlider", { value, min: 0, max: 100, step: 1, description: "x", ...state });
}

/** Polls until `probe` gives something truthy (lumino and backbone work across many ticks). */
export async function until<T>(probe: () => T | undefined | null | false, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A host element in the document, as lumino needs for attaching. */
export function newHost(): HTMLElement {
  return document.body.appendChild(document.createElement("div"));
}
