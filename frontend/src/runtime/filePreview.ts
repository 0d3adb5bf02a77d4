// What the file viewer shows of a runtime file: text (the first MiB), an image, or nothing.
// The content is untrusted: text is only ever shown as text, images only through <img>.
import { parseErrorBody, parseMaybeJson } from "../api/errors";

/** Text files are shown up to this many bytes. */
export const TEXT_LIMIT = 1 << 20;
/** Larger images are not previewed (they would be read whole into the page's memory). */
export const IMAGE_LIMIT = 50 << 20;

/** Images an <img> shows, by extension; SVG too (as an image it runs no script). */
export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
};

/** Extensions shown as text without looking at the bytes (invalid UTF-8 shows as �). */
const TEXT_EXTENSIONS = new Set(
  (
    "txt text md markdown rst csv tsv json jsonl ndjson ipynb log py pyi r sql sh bash zsh yaml yml toml ini cfg conf " +
    "env xml html htm css scss js mjs cjs ts tsx jsx c h cc cpp hpp java kt go rs rb pl php lua tex bib srt vtt diff patch"
  ).split(" "),
);

export type Preview =
  | { kind: "text"; text: string; truncated: boolean }
  | { kind: "image"; blob: Blob }
  | { kind: "other"; reason: "binary" | "too-large" };

export function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase();
}

export function fileName(path: string): string {
  return path.split("/").filter(Boolean).pop() ?? "content";
}

/** True when these bytes (the start of a file) read as UTF-8 text: no NUL, no invalid sequence. */
export function looksLikeText(bytes: Uint8Array, complete: boolean): boolean {
  let controls = 0;
  for (const b of bytes) {
    if (b === 0) return false;
    // Control characters other than tab, newline, form feed, carriage return and escape.
    if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) controls += 1;
  }
  if (controls > bytes.length / 100) return false;
  try {
    // Streaming: a character cut in two at the end of a truncated read is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** Reads at most `limit` bytes of the response, then stops the transfer. */
export async function readStart(response: Response, limit: number): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) {
    const all = new Uint8Array(await response.arrayBuffer());
    return { bytes: all.slice(0, limit), complete: all.length <= limit };
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  let complete = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    if (length > limit) {
      complete = false;
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(length, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
    if (at >= bytes.length) break;
  }
  return { bytes, complete };
}

/** Fetches a file from the runtime's Files API (same origin, the session cookie) and previews it. */
export async function loadPreview(url: string, name: string, signal?: AbortSignal): Promise<Preview> {
  const response = await fetch(url, { credentials: "same-origin", signal });
  if (!response.ok) {
    throw parseErrorBody(response.status, parseMaybeJson(await response.text()), response.statusText);
  }
  const ext = extension(name);
  const imageType = IMAGE_TYPES[ext];
  if (imageType) {
    const size = Number(response.headers.get("Content-Length") ?? "0");
    if (size > IMAGE_LIMIT) {
      void response.body?.cancel();
      return { kind: "other", reason: "too-large" };
    }
    // The Files API says application/octet-stream: the blob gets the type the <img> needs.
    return { kind: "image", blob: new Blob([await response.arrayBuffer()], { type: imageType }) };
  }
  const { bytes, complete } = await readStart(response, TEXT_LIMIT);
  if (!TEXT_EXTENSIONS.has(ext) && !looksLikeText(bytes, complete)) return { kind: "other", reason: "binary" };
  const text = new TextDecoder("utf-8").decode(bytes, { stream: !complete });
  return { kind: "text", text, truncated: !complete };
}
