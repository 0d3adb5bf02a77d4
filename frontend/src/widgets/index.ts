export type { KernelChannel } from "./channel";
export { createWidgetManager, WidgetModelGoneError, type WidgetManagerHandle } from "./createWidgetManager";
export { MODEL_GONE_TEXT, WidgetView } from "./WidgetView";
export { WIDGET_VIEW_MIME } from "./outputRenderer";
