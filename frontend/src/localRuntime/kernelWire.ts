/**
 * The kernel websocket's default ("legacy") framing, as jupyter_server and the classic Notebook
 * speak it: a message without binary buffers is one JSON text frame; one with buffers (widgets
 * that carry bytes) is a binary frame: the count of parts, their offsets (big-endian uint32), the
 * JSON, then each buffer.
 */

/** A message's JSON part (with `channel`) and its binary buffers. */
export interface WireMessage {
  json: Record<string, unknown>;
  buffers: DataView[];
}

export function encodeFrame(json: Record<string, unknown>, buffers: ArrayBufferView[]): string | ArrayBuffer {
  if (buffers.length === 0) return JSON.stringify(json);
  const parts: Uint8Array[] = [new TextEncoder().encode(JSON.stringify(json)), ...buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength))];
  const headerBytes = 4 * (parts.length + 1);
  const total = headerBytes + parts.reduce((sum, part) => sum + part.byteLength, 0);
  const frame = new Uint8Array(total);
  const view = new DataView(frame.buffer);
  view.setUint32(0, parts.length);
  let offset = headerBytes;
  parts.forEach((part, i) => {
    view.setUint32(4 * (i + 1), offset);
    frame.set(part, offset);
    offset += part.byteLength;
  });
  return frame.buffer;
}

/** Reads a text or binary frame; null for anything that is not a kernel message. */
export function decodeFrame(data: unknown): WireMessage | null {
  try {
    if (typeof data === "string") return { json: JSON.parse(data) as Record<string, unknown>, buffers: [] };
    if (!(data instanceof ArrayBuffer) || data.byteLength < 8) return null;
    const view = new DataView(data);
    const count = view.getUint32(0);
    if (count < 1 || 4 * (count + 1) > data.byteLength) return null;
    const offsets = Array.from({ length: count }, (_, i) => view.getUint32(4 * (i + 1)));
    offsets.push(data.byteLength);
    const parts = offsets.slice(0, -1).map((start, i) => new DataView(data, start, offsets[i + 1]! - start));
    const json = JSON.parse(new TextDecoder().decode(parts[0])) as Record<string, unknown>;
    return { json, buffers: parts.slice(1) };
  } catch {
    return null;
  }
}
