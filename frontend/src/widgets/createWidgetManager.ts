import type { KernelChannel } from "./channel";
import { KernelChannelSwitch } from "./channelSwitch";
import { CommRouter, WIDGET_TARGET } from "./commRouter";
import type { RelayWidgetManager } from "./manager";

/** The notebook's widget manager as the editor uses it. */
export interface WidgetManagerHandle {
  /** Renders the model's view into `into` (attached to the document); resolves with its removal. */
  render(modelId: string, into: HTMLElement): Promise<() => void>;
  /** Whether the model is known here now. */
  hasModel(modelId: string): boolean;
  /** Called when the notebook moves to another kernel (views render again against it). */
  onSwitch?(listener: () => void): () => void;
  dispose(): void;
}

/** `render` rejects with this when the kernel has no such widget (it was closed, or the kernel is gone). */
export class WidgetModelGoneError extends Error {
  constructor(readonly modelId: string) {
    super(`Widget model ${modelId} is not known to the kernel`);
    this.name = "WidgetModelGoneError";
  }
}

/** A busy kernel answers comm_info_request only after the running cell; a late answer still restores. */
const PROBE_TIMEOUT_MS = 120_000;
const CONNECT_POLL_MS = 500;
/** How long `render` waits for the kernel's existing widgets before calling a model gone. */
const RESTORE_WAIT_MS = 5_000;

/**
 * Loads the widget code (lumino, controls: a large chunk) only once the notebook needs it: the
 * kernel opens a widget comm, the kernel already has widgets when we connect (we ask with a
 * comm_info_request), or an output asks to render one.
 */
class LazyWidgetManager implements WidgetManagerHandle {
  private readonly router: CommRouter;
  private manager: RelayWidgetManager | null = null;
  private loading: Promise<RelayWidgetManager> | null = null;
  private disposed = false;
  private connectPoll: ReturnType<typeof setInterval> | null = null;
  private markRestored: () => void = () => undefined;
  /** Settles once we know whether the kernel had widgets, and restored them if so. */
  private readonly restored = new Promise<void>((resolve) => (this.markRestored = resolve));

  constructor(
    channel: KernelChannel,
    private readonly loadModule: ManagerModuleLoader,
  ) {
    this.router = new CommRouter(channel);
    this.router.onWidgetCommOpen(() => void this.load());
    this.probeWhenConnected();
  }

  async render(modelId: string, into: HTMLElement): Promise<() => void> {
    const manager = await this.load();
    // Perhaps an older widget: wait (a while) for the kernel's widgets to be restored.
    if (!manager.has_model(modelId)) await settledWithin(this.restored, RESTORE_WAIT_MS);
    try {
      await manager.get_model(modelId);
    } catch {
      throw new WidgetModelGoneError(modelId);
    }
    if (this.disposed) throw new WidgetModelGoneError(modelId);
    return manager.display(modelId, into);
  }

  hasModel(modelId: string): boolean {
    return this.manager?.has_model(modelId) ?? false;
  }

  dispose(): void {
    this.disposed = true;
    if (this.connectPoll !== null) clearInterval(this.connectPoll);
    this.router.dispose();
    void this.manager?.detachAll();
    this.markRestored();
  }

  private load(): Promise<RelayWidgetManager> {
    this.loading ??= this.loadModule().then(async ({ RelayWidgetManager }) => {
      const manager = new RelayWidgetManager(this.router);
      this.manager = manager;
      await this.router.release();
      return manager;
    });
    return this.loading;
  }

  private probeWhenConnected(): void {
    if (this.router.connected) {
      void this.probe();
      return;
    }
    this.connectPoll = setInterval(() => {
      if (!this.router.connected || this.connectPoll === null) return;
      clearInterval(this.connectPoll);
      this.connectPoll = null;
      void this.probe();
    }, CONNECT_POLL_MS);
  }

  /** Asks the kernel for its widget comms; restores them if there are any. */
  private async probe(): Promise<void> {
    try {
      const reply = await this.router.request("comm_info_request", { target_name: WIDGET_TARGET }, PROBE_TIMEOUT_MS);
      const comms = reply.content.comms;
      const hasWidgets = typeof comms === "object" && comms !== null && Object.keys(comms).length > 0;
      if (hasWidgets && !this.disposed) {
        const manager = await this.load();
        await manager.restoreFromKernel();
      }
    } catch (error) {
      // No runtime yet (its widgets come with comm_open then), or a closed socket.
      if (!this.disposed) console.debug("The kernel's widgets were not restored:", error);
    } finally {
      this.markRestored();
    }
  }
}

type ManagerModuleLoader = () => Promise<typeof import("./manager")>;

/** Waits for `promise`, but no longer than `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([promise.catch(() => undefined), timeout]);
  clearTimeout(timer);
}

/**
 * Follows the notebook's switch between runtimes: each kernel gets its own manager (a new one asks
 * its kernel for the widgets it has); views of the previous kernel's models show as gone.
 */
class SwitchingWidgetManager implements WidgetManagerHandle {
  private inner: WidgetManagerHandle;
  private readonly unsubscribe: () => void;
  private readonly switchListeners = new Set<() => void>();

  constructor(channels: KernelChannelSwitch, loadModule: ManagerModuleLoader) {
    this.inner = createLazyWidgetManager(channels.current, loadModule);
    this.unsubscribe = channels.onChange(() => {
      this.inner.dispose();
      this.inner = createLazyWidgetManager(channels.current, loadModule);
      for (const listener of this.switchListeners) listener();
    });
  }

  onSwitch(listener: () => void): () => void {
    this.switchListeners.add(listener);
    return () => this.switchListeners.delete(listener);
  }

  render(modelId: string, into: HTMLElement): Promise<() => void> {
    return this.inner.render(modelId, into);
  }

  hasModel(modelId: string): boolean {
    return this.inner.hasModel(modelId);
  }

  dispose(): void {
    this.unsubscribe();
    this.switchListeners.clear();
    this.inner.dispose();
  }
}

/**
 * The widget manager for one notebook's kernel channel (or the switch between its hosted and a
 * local runtime's); the widget code itself loads lazily.
 */
export function createWidgetManager(channel: KernelChannel | KernelChannelSwitch): Promise<WidgetManagerHandle> {
  const load = () => import("./manager");
  if (channel instanceof KernelChannelSwitch) return Promise.resolve(new SwitchingWidgetManager(channel, load));
  return Promise.resolve(createLazyWidgetManager(channel, load));
}

/** As createWidgetManager for a switch, with the loading of the widget code given (tests). */
export function createSwitchingWidgetManager(channels: KernelChannelSwitch, loadModule: ManagerModuleLoader): WidgetManagerHandle {
  return new SwitchingWidgetManager(channels, loadModule);
}

/** As createWidgetManager, with the loading of the widget code given (tests watch when it loads). */
export function createLazyWidgetManager(channel: KernelChannel, loadModule: ManagerModuleLoader): WidgetManagerHandle {
  return new LazyWidgetManager(channel, loadModule);
}
