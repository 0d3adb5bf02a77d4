import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import type * as Y from "yjs";

/** y-protocols frame kinds: [varUint kind][payload]. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

function frame(kind: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kind);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncStep1Frame = (doc: Y.Doc) => frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, doc));

export const updateFrame = (update: Uint8Array) => frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update));

export const awarenessFrame = (awareness: awarenessProtocol.Awareness, clients: number[]) =>
  frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients)));

/**
 * Apply a sync frame's payload to `doc`; returns the step it was and the answer to send back
 * (our SyncStep2 when the server sent its SyncStep1), if any.
 */
export function readSyncFrame(
  decoder: decoding.Decoder,
  doc: Y.Doc,
  origin: unknown,
): { step: number; answer: Uint8Array | null } {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  const step = syncProtocol.readSyncMessage(decoder, encoder, doc, origin);
  return { step, answer: encoding.length(encoder) > 1 ? encoding.toUint8Array(encoder) : null };
}

/** A binary frame's kind and a decoder positioned at its payload; null for what is not binary. */
export function openFrame(data: unknown): { kind: number; decoder: decoding.Decoder } | null {
  if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) return null;
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const decoder = decoding.createDecoder(bytes);
  return { kind: decoding.readVarUint(decoder), decoder };
}
