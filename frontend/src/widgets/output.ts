import * as outputBase from "@jupyter-widgets/output";
import { applyCapturedMessage, type WidgetOutput } from "./capturedOutputs";
import type { DecodedMessage } from "./messages";
import { renderOutputs } from "./outputRenderer";

export { OUTPUT_WIDGET_VERSION } from "@jupyter-widgets/output";

interface CapturingManager {
  onCapturedOutput(listener: (msg: DecodedMessage) => void): () => void;
  display(modelId: string, host: HTMLElement): Promise<() => void>;
}

function isCapturingManager(manager: unknown): manager is CapturingManager {
  return typeof manager === "object" && manager !== null && "onCapturedOutput" in manager && "display" in manager;
}

/**
 * The Output widget's model. While its `msg_id` is set, the kernel's outputs for that message are
 * relayed to us; we append them to `outputs` and sync that back, as JupyterLab does, so the kernel
 * (and a page loaded later) knows them.
 */
export class OutputModel extends outputBase.OutputModel {
  private clearPending = false;

  override defaults(): ReturnType<outputBase.OutputModel["defaults"]> {
    return { ...super.defaults(), msg_id: "", outputs: [] };
  }

  override initialize(...args: Parameters<outputBase.OutputModel["initialize"]>): void {
    super.initialize(...args);
    const manager: unknown = this.widget_manager;
    if (!isCapturingManager(manager)) return;
    const stopCapturing = manager.onCapturedOutput((msg) => this.capture(msg));
    // Not listenTo: close() stops those listeners before it triggers "destroy". And no field: the
    // Backbone constructor runs initialize() before this class's field initializers.
    this.once("destroy", stopCapturing);
  }

  get outputs(): WidgetOutput[] {
    const value: unknown = this.get("outputs");
    return Array.isArray(value) ? (value as WidgetOutput[]) : [];
  }

  private capture(msg: DecodedMessage): void {
    const msgId: unknown = this.get("msg_id");
    if (typeof msgId !== "string" || msgId === "" || msg.parent_header.msg_id !== msgId) return;
    const next = applyCapturedMessage({ outputs: this.outputs, clearPending: this.clearPending }, msg);
    if (next === null) return;
    this.clearPending = next.clearPending;
    if (next.outputs === this.outputs) return;
    this.set("outputs", next.outputs);
    this.save_changes();
  }
}

/** Shows the Output widget's outputs as plain text and images (never as HTML). */
export class OutputView extends outputBase.OutputView {
  private removeNested: () => void = () => undefined;

  override render(): void {
    super.render();
    this.el.classList.add("jupyter-widgets", "widget-output", "cb-widget-output");
    this.listenTo(this.model, "change:outputs", () => this.renderOutputs());
    this.renderOutputs();
  }

  override remove(): this {
    this.removeNested();
    super.remove(); // typed `any`; Backbone's remove returns the view itself
    return this;
  }

  private renderOutputs(): void {
    this.removeNested();
    const outputs = (this.model as OutputModel).outputs;
    const manager: unknown = this.model.widget_manager;
    const renderNested = isCapturingManager(manager)
      ? async (modelId: string, host: HTMLElement) => {
          await this.displayed;
          return manager.display(modelId, host);
        }
      : undefined;
    this.removeNested = renderOutputs(outputs, this.el, renderNested);
  }
}
