import type { KernelChannel } from "./channel";

/**
 * The kernel channel a notebook's widgets use now: the hosted runtime's (the sync socket's relay),
 * or a local runtime's while this tab is connected to one (Connect to a local runtime).
 */
export class KernelChannelSwitch {
  private local: KernelChannel | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(readonly hosted: KernelChannel) {}

  get current(): KernelChannel {
    return this.local ?? this.hosted;
  }

  /** A local runtime's channel, or null to go back to the hosted one. */
  setLocal(channel: KernelChannel | null): void {
    if (channel === this.local) return;
    this.local = channel;
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
