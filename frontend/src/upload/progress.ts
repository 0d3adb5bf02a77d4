export interface Chunk {
  offset: number;
  end: number; // exclusive
}

/** Splits `size` bytes into consecutive chunks of at most `chunkBytes`, starting at `start`. */
export function planChunks(size: number, chunkBytes: number, start = 0): Chunk[] {
  if (!Number.isFinite(chunkBytes) || chunkBytes <= 0) throw new RangeError("chunkBytes must be positive");
  const chunks: Chunk[] = [];
  for (let offset = start; offset < size; offset += chunkBytes) {
    chunks.push({ offset, end: Math.min(size, offset + chunkBytes) });
  }
  return chunks;
}

/** Whole-number percentage, clamped to 0..100; an empty file counts as complete. */
export function percent(loaded: number, total: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor((loaded / total) * 100)));
}

/** Cumulative progress of a chunked upload: bytes before this chunk plus what this chunk sent so far. */
export function cumulativeLoaded(chunk: Chunk, chunkLoaded: number): number {
  return chunk.offset + Math.min(Math.max(0, chunkLoaded), chunk.end - chunk.offset);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
