import { YNotebook } from "@jupyter/ydoc";
import { KernelChannelSwitch } from "../widgets/channelSwitch";
import type { KernelChannel } from "../widgets/channel";
import { ControlClient } from "./controlClient";
import { createKernelActions, switchableActions, type KernelActions, type RuntimeControls } from "./kernelActions";
import { LiveProvider } from "./provider";
import { browserSocket, syncPath, websocketUrl, type SocketFactory } from "./socket";
import { awarenessUser } from "./userColor";

/** One open notebook: the shared model, its socket, the control client and the kernel actions. */
export interface LiveNotebook {
  readonly notebookId: string;
  readonly model: YNotebook;
  readonly provider: LiveProvider;
  readonly control: ControlClient;
  readonly actions: KernelActions;
  /** The kernel channel widgets use: the hosted relay, or the local runtime's while connected. */
  readonly widgetChannels: KernelChannelSwitch;
  /** Where the REST flavour of the actions finds the runtime (set by the page). */
  setRuntime(runtime: RuntimeControls | null): void;
  /** Sends the notebook's runs (and widgets' comms) to a local runtime (Connect to a local runtime), or back (null). */
  setLocalActions(actions: KernelActions | null, widgets?: KernelChannel | null): void;
  dispose(): void;
}

export interface OpenOptions {
  userName: string;
  userSeed?: string;
  createSocket?: SocketFactory;
  url?: string;
}

export { syncPath };

export function openLiveNotebook(notebookId: string, options: OpenOptions): LiveNotebook {
  // Undo is per cell (a Y.UndoManager per mounted editor); the model's document-wide one stays
  // unused: it tracks only the model's own transactions, and one is cheaper than one per cell.
  const model = new YNotebook();
  const provider = new LiveProvider({
    url: options.url ?? websocketUrl(syncPath(notebookId)),
    doc: model.ydoc,
    awareness: model.awareness,
    createSocket: options.createSocket ?? browserSocket,
  });
  provider.awareness.setLocalStateField("user", awarenessUser(options.userName, options.userSeed));
  const control = new ControlClient(provider);
  let runtime: RuntimeControls | null = null;
  const hosted = createKernelActions(notebookId, control, () => runtime, () => provider.whenSaved());
  let local: KernelActions | null = null;
  const actions = switchableActions(() => local ?? hosted);
  const widgetChannels = new KernelChannelSwitch(control);
  return {
    notebookId,
    model,
    provider,
    control,
    actions,
    widgetChannels,
    setRuntime: (next) => {
      runtime = next;
    },
    setLocalActions: (next, widgets) => {
      local = next;
      widgetChannels.setLocal(next ? (widgets ?? null) : null);
    },
    dispose: () => {
      control.dispose();
      provider.destroy();
      model.dispose();
    },
  };
}
