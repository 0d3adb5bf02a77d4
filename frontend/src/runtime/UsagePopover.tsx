import type { RuntimeInfo, UsageSample } from "./api";
import { Sparkline } from "./Sparkline";
import { gpusOf, metersOf } from "./status";

interface Props {
  id: string;
  runtime: RuntimeInfo;
  usage: UsageSample[];
}

/** The figures behind the meters, each with its recent history. */
export function UsagePopover({ id, runtime, usage }: Props) {
  const latest = usage[usage.length - 1];
  return (
    <div className="runtime-popover" role="tooltip" id={id}>
      <div className="runtime-popover-title">
        Connected to a runtime of type <strong>{runtime.runtime_type}</strong>
        {runtime.accelerator && <> ({runtime.accelerator.kind.toUpperCase()} {runtime.accelerator.devices.join(", ")})</>}
      </div>
      {latest === undefined ? (
        <p className="runtime-popover-empty">Measuring resources…</p>
      ) : latest.reported === false ? (
        <p className="runtime-popover-empty">Usage not reported: this runtime runs on a Jupyter Enterprise Gateway, which does not give its resource usage.</p>
      ) : (
        <dl className="runtime-figures">
          {metersOf(latest).map((meter, i) => (
            <Figure
              key={meter.label}
              label={meter.label === "GPU" || meter.label.startsWith("GPU ") ? `${meter.label} RAM` : meter.label}
              detail={meter.detail}
              history={usage.map((s) => seriesValue(s, i))}
              max={seriesMax(latest, i)}
            />
          ))}
          <Figure label="CPU" detail={`${latest.cpu_percent.toFixed(0)} %`} history={usage.map((s) => s.cpu_percent)} />
          {gpusOf(latest).map((gpu) => (
            <Figure
              key={`util-${gpu.id}`}
              label={`${gpu.name} utilization`}
              detail={gpu.utilization_percent === null ? "not measured" : `${gpu.utilization_percent} %`}
              history={usage.map((s) => gpusOf(s).find((g) => g.id === gpu.id)?.utilization_percent ?? 0)}
              max={100}
            />
          ))}
        </dl>
      )}
    </div>
  );
}

function Figure({ label, detail, history, max }: { label: string; detail: string; history: number[]; max?: number }) {
  return (
    <div className="runtime-figure">
      <dt>{label}</dt>
      <dd>
        <span>{detail}</span>
        <Sparkline values={history} max={max} label={`${label} over the last ${history.length} readings`} />
      </dd>
    </div>
  );
}

/** The i-th meter's raw value in a sample: RAM, Disk, then each GPU's memory. */
function seriesValue(sample: UsageSample, index: number): number {
  if (index === 0) return sample.memory_bytes;
  if (index === 1) return sample.disk_bytes;
  return gpusOf(sample)[index - 2]?.memory_used_bytes ?? 0;
}

function seriesMax(sample: UsageSample, index: number): number | undefined {
  if (index === 0) return sample.memory_limit_bytes ?? undefined;
  if (index === 1) return sample.disk_limit_bytes ?? undefined;
  return gpusOf(sample)[index - 2]?.memory_total_bytes ?? undefined;
}
