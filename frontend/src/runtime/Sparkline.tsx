import { sparklinePath } from "./sparkline";

interface Props {
  values: readonly number[];
  max?: number;
  label: string;
  width?: number;
  height?: number;
}

/** A small line chart of recent values (an image named by `label`). */
export function Sparkline({ values, max, label, width = 120, height = 28 }: Props) {
  const path = sparklinePath(values, width, height, max);
  return (
    <svg className="sparkline" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
