import type { MimeBundle } from "../nbformat";
import { joinText } from "../nbformat";

export const WIDGET_MIME = "application/vnd.jupyter.widget-view+json";

/** Preferred MIME types, richest first, as JupyterLab's default rendermime ranks them. */
export const MIME_ORDER = [
  WIDGET_MIME,
  "application/javascript",
  "text/html",
  "text/markdown",
  "text/latex",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "application/json",
  "text/plain",
] as const;

export type SupportedMime = (typeof MIME_ORDER)[number];

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The richest type in a bundle that can be shown; `skip` leaves out types the caller cannot render now. */
export function pickMime(data: MimeBundle, skip: readonly string[] = []): SupportedMime | null {
  for (const mime of MIME_ORDER) {
    if (present(data[mime]) && !skip.includes(mime)) return mime;
  }
  return null;
}

/** Image data in a bundle is base64 text (SVG: XML text), sometimes split into lines. */
export function imageDataUrl(mime: string, value: unknown): string {
  const raw = joinText(value);
  if (mime === "image/svg+xml") return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(raw)}`;
  return `data:${mime};base64,${raw.replace(/\s+/g, "")}`;
}

export interface ImageSize {
  width?: number;
  height?: number;
  /** IPython's Image(unconfined=True): do not shrink to the output's width. */
  unconfined: boolean;
}

function positive(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number.parseFloat(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Width/height from output metadata: per-type (`{"image/png": {"width": 200}}`) or top level. */
export function imageSize(metadata: Record<string, unknown> | undefined, mime: string): ImageSize {
  const perType = metadata?.[mime];
  const source = typeof perType === "object" && perType !== null ? (perType as Record<string, unknown>) : metadata;
  return {
    width: positive(source?.width),
    height: positive(source?.height),
    unconfined: source?.unconfined === true,
  };
}

/** The model id of a widget view bundle entry, or null when it is malformed. */
export function widgetModelId(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const id = (value as { model_id?: unknown }).model_id;
  return typeof id === "string" && id !== "" ? id : null;
}

/** The download URL of a truncation marker, only when it is a same-site path or an http(s) URL. */
export function truncationUrl(metadata: Record<string, unknown> | undefined): string | null {
  const url = metadata?.collaboratory_truncated;
  if (typeof url !== "string") return null;
  if (/^\/(?![/\\])/.test(url) || /^https?:\/\//i.test(url)) return url;
  return null;
}
