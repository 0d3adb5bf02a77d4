import type { MimeBundle } from "../nbformat";
import { joinText } from "../nbformat";

/** Preferred MIME types, richest first, as Jupyter front ends choose them. */
export const MIME_ORDER = [
  "text/html",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/svg+xml",
  "text/markdown",
  "text/latex",
  "application/json",
  "text/plain",
] as const;

export type SupportedMime = (typeof MIME_ORDER)[number];

export function pickMime(data: MimeBundle): SupportedMime | null {
  for (const mime of MIME_ORDER) {
    if (data[mime] !== undefined && data[mime] !== null) return mime;
  }
  return null;
}

/** Image data in a bundle is base64 text, sometimes split into lines. */
export function imageDataUrl(mime: string, value: unknown): string {
  const raw = joinText(value);
  if (mime === "image/svg+xml") return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(raw)}`;
  return `data:${mime};base64,${raw.replace(/\s+/g, "")}`;
}
