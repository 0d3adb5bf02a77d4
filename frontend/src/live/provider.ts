import * as decoding from "lib0/decoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import type * as Y from "yjs";
import { AckTracker } from "./ackTracker";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff";
import {
  awarenessFrame,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  openFrame,
  readSyncFrame,
  syncStep1Frame,
  updateFrame,
} from "./frames";
import { browserSocket, SOCKET_OPEN, type SocketFactory, type SocketLike } from "./socket";

export type SaveState = "saving" | "saved" | "offline";

export interface ProviderState {
  /** The socket is open. */
  connected: boolean;
  /** The server's document has been received since the last (re)connect. */
  synced: boolean;
  save: SaveState;
}

export interface LiveProviderOptions {
  url: string;
  doc: Y.Doc;
  awareness?: awarenessProtocol.Awareness;
  createSocket?: SocketFactory;
  backoff?: BackoffOptions;
  /** Start connecting at once (default true). */
  connect?: boolean;
}

/**
 * y-protocols sync + awareness over one websocket that also carries JSON text frames, with
 * reconnection. Saved state: after sending local changes the provider sends a SyncStep1; the
 * server answers it (SyncStep2) only once those changes are stored.
 */
export class LiveProvider {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly url: string;
  private readonly createSocket: SocketFactory;
  private readonly backoff: BackoffOptions;
  private socket: SocketLike | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private readonly acks = new AckTracker();
  private ackScheduled = false;
  private state: ProviderState = { connected: false, synced: false, save: "offline" };
  private readonly stateListeners = new Set<(state: ProviderState) => void>();
  private readonly textListeners = new Set<(text: string) => void>();

  constructor(options: LiveProviderOptions) {
    this.doc = options.doc;
    this.url = options.url;
    this.awareness = options.awareness ?? new awarenessProtocol.Awareness(options.doc);
    this.createSocket = options.createSocket ?? browserSocket;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.doc.on("update", this.onDocUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
    if (options.connect !== false) this.connect();
  }

  get current(): ProviderState {
    return this.state;
  }

  get connected(): boolean {
    return this.state.connected;
  }

  /** Listen to state changes; returns the unsubscribe function. */
  onState(listener: (state: ProviderState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Listen to JSON text frames; returns the unsubscribe function. */
  onText(listener: (text: string) => void): () => void {
    this.textListeners.add(listener);
    return () => this.textListeners.delete(listener);
  }

  /** Send a text frame; false when the socket is not open (the frame is dropped). */
  sendText(text: string): boolean {
    if (!this.isOpen()) return false;
    this.socket?.send(text);
    return true;
  }

  /**
   * Resolves once every local change is stored by the server (at most `timeoutMs` later, so a
   * caller is never stuck while offline).
   */
  whenSaved(timeoutMs = 5000): Promise<void> {
    if (this.state.save === "saved") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const off = this.onState((state) => state.save === "saved" && done());
    });
  }

  connect(): void {
    if (this.destroyed || this.socket) return;
    const socket = this.createSocket(this.url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => this.onOpen();
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onclose = () => this.onClose(socket);
    socket.onerror = () => undefined; // a close follows
  }

  /** Leave: tell others we are gone, close the socket, stop reconnecting. */
  destroy(): void {
    if (this.destroyed) return;
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "local");
    this.destroyed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, "Editor closed.");
    }
    this.stateListeners.clear();
    this.textListeners.clear();
  }

  private isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === SOCKET_OPEN;
  }

  private send(data: Uint8Array): void {
    if (this.isOpen()) this.socket?.send(data);
  }

  private onOpen(): void {
    this.attempt = 0;
    this.setState({ connected: true, synced: false });
    this.sendSyncStep1();
    this.refreshSave();
    const local = this.awareness.getLocalState();
    if (local !== null) this.sendAwareness([this.doc.clientID]);
  }

  private onClose(socket: SocketLike): void {
    if (this.socket !== socket) return;
    this.socket = null;
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    this.acks.disconnected();
    this.setState({ connected: false, synced: false });
    this.refreshSave();
    if (this.destroyed) return;
    const delay = backoffDelay(this.attempt++, this.backoff);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private onMessage(data: unknown): void {
    if (typeof data === "string") {
      for (const listener of this.textListeners) listener(data);
      return;
    }
    const frame = openFrame(data);
    if (frame?.kind === MESSAGE_SYNC) this.onSyncMessage(frame.decoder);
    else if (frame?.kind === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(frame.decoder), this);
    }
  }

  private onSyncMessage(decoder: decoding.Decoder): void {
    const { step, answer } = readSyncFrame(decoder, this.doc, this);
    if (answer) {
      // Our SyncStep2: the changes the server lacks. Ask for an acknowledgement of them.
      this.send(answer);
      this.acks.changed();
    }
    if (step === syncProtocol.messageYjsSyncStep2) {
      this.acks.answered();
      this.setState({ synced: true });
    }
    this.scheduleAck();
    this.refreshSave();
  }

  private sendSyncStep1(): void {
    this.acks.requested();
    this.send(syncStep1Frame(this.doc));
  }

  private sendAwareness(clients: number[]): void {
    this.send(awarenessFrame(this.awareness, clients));
  }

  /** Ask for an acknowledgement (a SyncStep1) once the current burst of changes is out. */
  private scheduleAck(): void {
    if (this.ackScheduled || !this.acks.shouldRequest) return;
    this.ackScheduled = true;
    queueMicrotask(() => {
      this.ackScheduled = false;
      if (!this.isOpen() || !this.acks.shouldRequest) return;
      this.sendSyncStep1();
      this.refreshSave();
    });
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return;
    this.acks.changed();
    if (this.isOpen()) {
      this.send(updateFrame(update));
      this.scheduleAck();
    }
    this.refreshSave();
  };

  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === this) return;
    this.sendAwareness([...change.added, ...change.updated, ...change.removed]);
  };

  private refreshSave(): void {
    const pending = this.acks.pending || !this.state.synced;
    this.setState({ save: !this.state.connected ? "offline" : pending ? "saving" : "saved" });
  }

  private setState(patch: Partial<ProviderState>): void {
    const next = { ...this.state, ...patch };
    if (next.connected === this.state.connected && next.synced === this.state.synced && next.save === this.state.save) return;
    this.state = next;
    for (const listener of this.stateListeners) listener(next);
  }
}
