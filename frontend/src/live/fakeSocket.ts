import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { SocketLike } from "./socket";

/** An in-memory WebSocket for tests: the other end is a FakeServer. */
export class FakeSocket implements SocketLike {
  binaryType: BinaryType = "blob";
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  readonly sentText: string[] = [];

  constructor(
    readonly url: string,
    private readonly server: FakeServer,
  ) {}

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }

  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    if (typeof data === "string") {
      this.sentText.push(data);
      this.server.onText(this, data);
    } else {
      const view = ArrayBuffer.isView(data) ? data : new Uint8Array(data);
      this.server.receive(this, new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice());
    }
  }

  /** A frame from the server. */
  deliver(data: string | Uint8Array): void {
    const payload = typeof data === "string" ? data : data.slice().buffer;
    this.onmessage?.(new MessageEvent("message", { data: payload }));
  }

  close(): void {
    this.drop();
  }

  /** The connection breaks (or is closed). */
  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.server.leave(this);
    this.onclose?.(new CloseEvent("close"));
  }
}

/** A y-protocols relay with its own document, like the real server; acks can be held back. */
export class FakeServer {
  readonly doc = new Y.Doc();
  readonly sockets = new Set<FakeSocket>();
  holdAcks = false;
  /** SyncStep1 messages received from clients (acknowledgement requests). */
  step1Received = 0;
  private readonly heldAcks: (() => void)[] = [];
  textHandler: (socket: FakeSocket, text: string) => void = () => undefined;

  /** A SocketFactory that opens asynchronously-but-immediately on demand (call `open`). */
  factory = (url: string): FakeSocket => {
    const socket = new FakeSocket(url, this);
    this.sockets.add(socket);
    return socket;
  };

  openAll(): void {
    for (const socket of this.sockets) {
      if (socket.readyState !== 0) continue;
      socket.open();
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      socket.deliver(encoding.toUint8Array(encoder));
    }
  }

  releaseAcks(): void {
    for (const ack of this.heldAcks.splice(0)) ack();
  }

  leave(socket: FakeSocket): void {
    this.sockets.delete(socket);
  }

  onText(socket: FakeSocket, text: string): void {
    this.textHandler(socket, text);
  }

  receive(from: FakeSocket, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const kind = decoding.readVarUint(decoder);
    if (kind === 1) {
      this.broadcast(message, from);
      return;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    const before = Y.encodeStateVector(this.doc);
    const step = syncProtocol.readSyncMessage(decoder, encoder, this.doc, from);
    if (step === syncProtocol.messageYjsSyncStep1) this.step1Received++;
    if (step !== syncProtocol.messageYjsSyncStep1) {
      const diff = Y.encodeStateAsUpdate(this.doc, before);
      const out = encoding.createEncoder();
      encoding.writeVarUint(out, 0);
      syncProtocol.writeUpdate(out, diff);
      this.broadcast(encoding.toUint8Array(out), from);
    }
    if (encoding.length(encoder) > 1) {
      const reply = encoding.toUint8Array(encoder);
      const answer = () => from.readyState === 1 && from.deliver(reply);
      if (this.holdAcks) this.heldAcks.push(answer);
      else answer();
    }
  }

  private broadcast(message: Uint8Array, except: FakeSocket): void {
    for (const socket of this.sockets) if (socket !== except && socket.readyState === 1) socket.deliver(message);
  }
}
