// The SVG path of a small history chart.

/**
 * An SVG path ("M x y L x y …") through `values`, spread over `width` and scaled so that `max`
 * (default: the largest value, at least 1e-9) touches the top; y grows downwards as in SVG.
 * Fewer than two values make a flat or empty line.
 */
export function sparklinePath(values: readonly number[], width: number, height: number, max?: number): string {
  if (values.length === 0) return "";
  const top = Math.max(max ?? Math.max(...values), 1e-9);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => {
    const clamped = Math.min(Math.max(v, 0), top);
    const x = i * step;
    const y = height - (clamped / top) * height;
    return `${round(x)} ${round(y)}`;
  });
  if (points.length === 1) points.push(`${round(width)} ${points[0]!.split(" ")[1]}`);
  return `M ${points.join(" L ")}`;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
