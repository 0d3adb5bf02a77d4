import { useMemo } from "react";
import type { CSSProperties } from "react";
import { imageDataUrl, imageSize } from "./mime";

/**
 * An image output (PNG, JPEG, GIF, SVG) as <img> with a data URL: SVG is never inlined into the page,
 * so its scripts cannot run. Width/height come from the output's metadata, as IPython's Image() sets them.
 */
export function ImageOutput({
  mime,
  value,
  metadata,
}: {
  mime: string;
  value: unknown;
  metadata: Record<string, unknown> | undefined;
}) {
  const src = useMemo(() => imageDataUrl(mime, value), [mime, value]);
  const size = imageSize(metadata, mime);
  const style: CSSProperties = {};
  if (size.unconfined) style.maxWidth = "none";
  // matplotlib marks transparent figures that need a light background to stay readable in dark themes.
  const needsLight = metadata?.needs_background === "light";
  return (
    <img
      className={`output-image${needsLight ? " output-image-light" : ""}`}
      alt="Output image"
      src={src}
      width={size.width}
      height={size.height}
      style={style}
      data-output="image"
    />
  );
}
