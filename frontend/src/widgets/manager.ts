import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import widgetsCss from "@jupyter-widgets/controls/css/widgets.css?inline";
import fontAwesomeCss from "@fortawesome/fontawesome-free/css/fontawesome.min.css?inline";
import fontAwesomeSolidCss from "@fortawesome/fontawesome-free/css/solid.min.css?inline";
import type { JSONObject } from "@lumino/coreutils";
import { Widget } from "@lumino/widgets";
import { WIDGET_TARGET, type CommRouter } from "./commRouter";
import type { DecodedMessage } from "./messages";
import * as output from "./output";
import type { RelayComm } from "./relayComm";
import { adoptScopedStyles } from "./scopedStyles";

/** The class of every element a widget renders into; the ipywidgets styles apply only inside. */
export const WIDGET_AREA_CLASS = "cb-widget-area";

adoptScopedStyles([widgetsCss, fontAwesomeCss, fontAwesomeSolidCss].join("\n"), `.${WIDGET_AREA_CLASS}`);

type WidgetClass = typeof base.WidgetModel | typeof base.WidgetView;
type WidgetModule = Record<string, unknown>;

const COMM_INFO_TIMEOUT_MS = 10_000;

/** The widget modules of ipywidgets 8 (widget protocol 2): models and views we can construct. */
function widgetModule(moduleName: string, moduleVersion: string): WidgetModule {
  const major = moduleVersion.replace(/^[~^]/, "").split(".", 1)[0];
  if (moduleName === "@jupyter-widgets/base" && major === "2") return base;
  if (moduleName === "@jupyter-widgets/controls" && major === "2") return controls;
  if (moduleName === "@jupyter-widgets/output" && major === "1") return output;
  throw new Error(`Widget module ${moduleName}@${moduleVersion} is not available here (ipywidgets 8 is supported)`);
}

/**
 * Lumino throws when disposing an attached widget whose host left the document (React removes a
 * cell's DOM before its effects clean up; a model may close after that): dispose without detaching.
 */
function tolerateHostRemoval(widget: Widget): void {
  const dispose = widget.dispose.bind(widget);
  widget.dispose = () => {
    if (widget.isAttached && !widget.node.isConnected) widget.clearFlag(Widget.Flag.IsAttached);
    dispose();
  };
}

/** The source of outputs that Output widgets capture; Output models find it on their manager. */
export interface CapturedOutputSource {
  onCapturedOutput(listener: (msg: DecodedMessage) => void): () => void;
}

/** An ipywidgets manager whose comms run over the notebook's sync socket (see CommRouter). */
export class RelayWidgetManager extends ManagerBase implements CapturedOutputSource {
  private readonly modelIds = new Set<string>();

  constructor(private readonly router: CommRouter) {
    super();
    router.registerTarget(WIDGET_TARGET, (comm, msg) => {
      this.handle_comm_open(comm, msg as unknown as Parameters<ManagerBase["handle_comm_open"]>[1]).catch(
        (error: unknown) => console.error("Could not create a widget model", error),
      );
    });
  }

  /** Restores the kernel's existing widgets (control comm `request_states`, else per-comm requests). */
  restoreFromKernel(): Promise<void> {
    return this._loadFromKernel();
  }

  /** Renders a view of the model into `host` (which must be in the document); returns its removal. */
  async display(modelId: string, host: HTMLElement): Promise<() => void> {
    const model = await this.get_model(modelId);
    const view = await this.create_view(model);
    host.classList.add(WIDGET_AREA_CLASS);
    Widget.attach(view.luminoWidget, host);
    tolerateHostRemoval(view.luminoWidget);
    return () => {
      view.remove();
    };
  }

  onCapturedOutput(listener: (msg: DecodedMessage) => void): () => void {
    return this.router.onCapturedOutput(listener);
  }

  override register_model(modelId: string, modelPromise: Promise<base.WidgetModel>): void {
    super.register_model(modelId, modelPromise);
    this.modelIds.add(modelId);
  }

  /** Drops every model and view here, leaving the kernel's widgets (shared with others) alone. */
  async detachAll(): Promise<void> {
    const ids = [...this.modelIds];
    this.modelIds.clear();
    await Promise.all(
      ids.map(async (id) => {
        if (!this.has_model(id)) return;
        const model = await this.get_model(id).catch(() => null);
        await model?.close(true);
      }),
    );
  }

  protected async loadClass(className: string, moduleName: string, moduleVersion: string): Promise<WidgetClass> {
    const found = widgetModule(moduleName, moduleVersion)[className];
    if (typeof found !== "function") throw new Error(`Class ${className} not found in ${moduleName}@${moduleVersion}`);
    return found as WidgetClass;
  }

  protected async _create_comm(
    targetName: string,
    modelId?: string,
    data?: JSONObject,
    metadata?: JSONObject,
    buffers?: ArrayBuffer[] | ArrayBufferView[],
  ): Promise<RelayComm> {
    const comm = this.router.createComm(targetName, modelId ?? base.uuid());
    if (data !== undefined || metadata !== undefined) comm.open(data ?? {}, undefined, metadata, buffers);
    return comm;
  }

  protected async _get_comm_info(): Promise<Record<string, unknown>> {
    const reply = await this.router.request("comm_info_request", { target_name: WIDGET_TARGET }, COMM_INFO_TIMEOUT_MS);
    const comms = reply.content.comms;
    return typeof comms === "object" && comms !== null ? (comms as Record<string, unknown>) : {};
  }
}
