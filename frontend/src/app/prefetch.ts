import { driveApi } from "../api/endpoints";
import type { DriveItem } from "../api/types";

/**
 * A notebook page's first requests, started by the router while the editor's code still loads
 * and runs (a few hundred milliseconds on a slow machine): the Drive item, and the sync socket,
 * which asks at once for the whole document. The editor takes them over when it starts; what it
 * has not taken within a while is dropped.
 */

const UNCLAIMED_MS = 15_000;
// y-protocols: sync message, SyncStep1, with the empty state vector: "send me everything".
const SYNC_STEP1_EMPTY = new Uint8Array([0, 0, 1, 0]);

function isEmptySyncStep1(data: string | ArrayBufferLike | ArrayBufferView): boolean {
  if (typeof data === "string") return false;
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  return bytes.length === SYNC_STEP1_EMPTY.length && bytes.every((b, i) => b === SYNC_STEP1_EMPTY[i]);
}

type Handler<E> = ((event: E) => void) | null;
type Queued = { kind: "open"; event: Event } | { kind: "message"; event: MessageEvent } | { kind: "close"; event: CloseEvent };

/** A WebSocket opened early whose events wait, in order, until the editor sets its handlers. */
export class BufferedSocket {
  private readonly socket: WebSocket;
  private readonly queued: Queued[] = [];
  private claimed = false;
  private askedEverything = false;
  onopen: Handler<Event> = null;
  onmessage: Handler<MessageEvent> = null;
  onclose: Handler<CloseEvent> = null;
  onerror: Handler<Event> = null;

  /** `onUnclaimedClose`: the socket closed before the editor took it (refused: signed out, gone…). */
  constructor(url: string, onUnclaimedClose?: () => void) {
    this.socket = new WebSocket(url);
    this.socket.binaryType = "arraybuffer";
    this.socket.onopen = (event) => {
      if (!this.claimed) {
        this.socket.send(SYNC_STEP1_EMPTY);
        this.askedEverything = true;
      }
      this.deliver({ kind: "open", event });
    };
    this.socket.onmessage = (event: MessageEvent) => this.deliver({ kind: "message", event });
    this.socket.onclose = (event) => {
      if (!this.claimed) onUnclaimedClose?.();
      this.deliver({ kind: "close", event });
    };
    this.socket.onerror = (event) => this.onerror?.(event);
  }

  get binaryType(): BinaryType {
    return this.socket.binaryType;
  }

  set binaryType(value: BinaryType) {
    this.socket.binaryType = value;
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    // The editor's first "send me everything" was asked already: its answer is in the queue.
    if (this.askedEverything && isEmptySyncStep1(data)) {
      this.askedEverything = false;
      return;
    }
    this.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  /** The editor has set its handlers (in one go): what arrived meanwhile goes to them next. */
  claim(): this {
    this.claimed = true;
    queueMicrotask(() => {
      for (const item of this.queued.splice(0)) this.dispatch(item);
    });
    return this;
  }

  private deliver(item: Queued): void {
    if (this.claimed && this.queued.length === 0) this.dispatch(item);
    else this.queued.push(item);
  }

  private dispatch(item: Queued): void {
    if (item.kind === "open") this.onopen?.(item.event);
    else if (item.kind === "message") this.onmessage?.(item.event);
    else this.onclose?.(item.event);
  }
}

interface Prefetched {
  id: string;
  syncUrl: string;
  item: Promise<DriveItem> | null;
  socket: BufferedSocket | null;
  timer: ReturnType<typeof setTimeout>;
}

let pending: Prefetched | null = null;

function drop(): void {
  if (!pending) return;
  clearTimeout(pending.timer);
  pending.socket?.close(1000, "Not needed.");
  pending.item?.catch(() => undefined);
  pending = null;
}

function forgetWhenTaken(): void {
  if (pending && pending.item === null && pending.socket === null) {
    clearTimeout(pending.timer);
    pending = null;
  }
}

/** Start a notebook's first requests (once per visit of that notebook). */
export function prefetchNotebook(id: string, syncUrl: string): void {
  if (pending?.id === id) return;
  drop();
  const started: Prefetched = { id, syncUrl, item: null, socket: null, timer: setTimeout(drop, UNCLAIMED_MS) };
  pending = started;
  // A request that fails before the editor takes it drops both, so that the editor (say, once
  // signed in) asks afresh rather than inheriting a refusal.
  const dropUntaken = () => {
    if (pending === started) drop();
  };
  started.item = driveApi.get(id);
  started.item.catch(() => {
    if (started.item) dropUntaken();
  });
  if (typeof WebSocket === "function") started.socket = new BufferedSocket(syncUrl, dropUntaken);
}

/** The Drive item's request, if one was started for this notebook (taken once). */
export function takeItem(id: string): Promise<DriveItem> | null {
  if (pending?.id !== id || pending.item === null) return null;
  const { item } = pending;
  pending.item = null;
  forgetWhenTaken();
  return item;
}

/** The early sync socket for this URL, if any (taken once; a reconnect opens a fresh one). */
export function takeSocket(url: string): BufferedSocket | null {
  if (pending?.syncUrl !== url || pending.socket === null) return null;
  const { socket } = pending;
  pending.socket = null;
  forgetWhenTaken();
  return socket.claim();
}
