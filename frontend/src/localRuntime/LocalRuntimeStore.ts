import type { KernelActions } from "../live/kernelActions";
import type { KernelChannel } from "../widgets/channel";
import type { YNotebook } from "@jupyter/ydoc";
import { LocalRuntimeError, urlProblem } from "./connectErrors";
import { LocalKernel, type ClientDeps } from "./jupyterClient";
import { LocalRunner } from "./localRunner";
import { isProblem, parseLocalUrl } from "./localUrl";
import { LocalWidgetChannel } from "./localWidgetChannel";
import { OutputCaptures } from "./outputCaptures";
import type { LocalProtocol } from "./transport";

export type LocalState =
  | { status: "off" }
  | { status: "connected"; host: string; protocol: LocalProtocol }
  | { status: "lost"; host: string; message: string };

/**
 * Where the notebook's kernel actions go: the local runner (with the channel its widgets use), or
 * back to the hosted runtime (null).
 */
export type ActionsTarget = (actions: KernelActions | null, widgets?: KernelChannel | null) => void;

function refusing(message: string): KernelActions {
  const fail = () => Promise.reject(new Error(message));
  return { execute: fail, executeAll: fail, executeCode: fail, inputReply: fail, complete: fail, inspect: fail, interrupt: fail, restart: fail };
}

/**
 * The notebook's local runtime connection, in this tab only: connects to the pasted server,
 * routes the notebook's runs to it, and hands them back to the hosted runtime on disconnect.
 */
export class LocalRuntimeStore {
  private state: LocalState = { status: "off" };
  private readonly listeners = new Set<() => void>();
  private kernel: LocalKernel | null = null;
  private runner: LocalRunner | null = null;
  private widgets: LocalWidgetChannel | null = null;

  constructor(
    private readonly model: YNotebook,
    private readonly notebook: { id: string; name: string },
    private readonly by: string,
    private readonly route: ActionsTarget,
    /** This page's origin, the one the local server must allow. */
    readonly origin: string = window.location.origin,
    private readonly deps?: ClientDeps,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LocalState => this.state;

  /** The connected local kernel, for tools that ask it something (Tools › Compare runtime environments). */
  get connectedKernel(): LocalKernel | null {
    return this.state.status === "connected" ? this.kernel : null;
  }

  private set(state: LocalState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  /** Connects to the server at the pasted URL; throws a LocalRuntimeError that says how to fix it. */
  async connect(url: string): Promise<void> {
    const server = parseLocalUrl(url);
    if (isProblem(server)) throw new LocalRuntimeError(urlProblem(server, this.origin));
    const kernel = await LocalKernel.connect(server, this.origin, this.notebook, this.deps);
    this.release();
    const captures = new OutputCaptures();
    const widgets = new LocalWidgetChannel(kernel, captures);
    const runner = new LocalRunner(this.model, kernel, this.by, captures);
    kernel.onClose = (message) => {
      if (this.kernel !== kernel) return;
      runner.stop();
      // The widgets stay on the lost kernel's channel: they show, but nothing reaches it.
      this.route(refusing(`${message} Reconnect it, or go back to a hosted runtime.`), widgets);
      this.set({ status: "lost", host: server.host, message });
    };
    this.kernel = kernel;
    this.runner = runner;
    this.widgets = widgets;
    this.route(runner, widgets);
    this.set({ status: "connected", host: server.host, protocol: kernel.protocol });
  }

  /** Back to the hosted runtime: the local kernel keeps running on its server, this tab lets go. */
  disconnect(): void {
    this.release();
    this.route(null);
    this.set({ status: "off" });
  }

  private release(): void {
    const kernel = this.kernel;
    this.kernel = null;
    this.runner?.stop();
    this.runner = null;
    this.widgets?.dispose();
    this.widgets = null;
    kernel?.close();
  }

  dispose(): void {
    this.release();
  }
}
