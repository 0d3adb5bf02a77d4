import type { Meter } from "./status";

/** A slim horizontal bar with its label, as in Colab's RAM/Disk indicator. */
export function MiniMeter({ meter }: { meter: Meter }) {
  const percent = meter.fraction === null ? 0 : Math.round(meter.fraction * 100);
  const level = percent >= 90 ? "high" : percent >= 70 ? "raised" : "normal";
  return (
    <span className="mini-meter">
      <span className="mini-meter-label">{meter.label}</span>
      <span className={`mini-meter-bar ${level}`} aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </span>
    </span>
  );
}
