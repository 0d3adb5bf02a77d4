import { useId, useState } from "react";
import { crashLabel, crashOf } from "./crash";
import { CheckIcon, Spinner, WarningIcon } from "./icons";
import { MiniMeter } from "./MiniMeter";
import { UsagePopover } from "./UsagePopover";
import { isConnected, metersOf, statusLabel } from "./status";
import type { RuntimeController } from "./useRuntime";
import "./runtime.css";

interface Props {
  controller: RuntimeController;
  /** Opens Runtime › Change runtime type (offered when a runtime ran out of RAM). */
  onChangeRuntimeType?: () => void;
}

/** Colab's Connect button: connects, shows the way there, then RAM/Disk(/GPU) meters. */
export function ConnectButton({ controller, onChangeRuntimeType }: Props) {
  const { status, runtime } = controller;
  if (status === "dead") return <DeadRuntime controller={controller} onChangeRuntimeType={onChangeRuntimeType} />;
  if (isConnected(status) && runtime) return <ConnectedButton controller={controller} />;
  const pending = status !== "disconnected";
  const image = status === "starting" || status === "connecting" ? (runtime?.image ?? null) : null;
  const building = image !== null && image.state === "building" ? image : null;
  return (
    <div className="runtime-connect">
      <button
        type="button"
        className={`connect-button ${pending ? "pending" : "idle"}`}
        disabled={pending}
        aria-busy={pending}
        title={controller.error ?? building?.message ?? undefined}
        onClick={() => void controller.connect()}
      >
        {pending && <Spinner />}
        {statusLabel(status, runtime)}
        {building?.percent != null && (
          <span className="connect-progress" aria-hidden="true" style={{ width: `${building.percent}%` }} />
        )}
      </button>
    </div>
  );
}

function ConnectedButton({ controller }: { controller: RuntimeController }) {
  const { status, runtime, usage } = controller;
  const [open, setOpen] = useState(false);
  const popoverId = useId();
  const latest = usage[usage.length - 1];
  const meters = latest ? metersOf(latest) : [];
  const label = statusLabel(status, runtime);
  const summary = meters.map((m) => `${m.label} ${m.detail}`).join(", ");
  return (
    <div
      className="runtime-connect"
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
    >
      <button
        type="button"
        className={`connect-button connected ${status}`}
        aria-label={summary ? `${label}: ${summary}` : label}
        aria-describedby={open ? popoverId : undefined}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {status === "busy" ? <Spinner /> : <CheckIcon />}
        {(status === "busy" || meters.length === 0) && <span className="connect-text">{label}</span>}
        {meters.map((meter) => (
          <MiniMeter key={meter.label} meter={meter} />
        ))}
      </button>
      {open && runtime && <UsagePopover id={popoverId} runtime={runtime} usage={usage} />}
    </div>
  );
}

function DeadRuntime({ controller, onChangeRuntimeType }: Props) {
  const type = controller.runtime?.runtime_type;
  const crash = crashOf(controller.runtime, controller.error);
  const messageId = useId();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const card = crash !== null && dismissed !== crash.message;
  return (
    <div className="runtime-connect dead" role="status" aria-describedby={card ? messageId : undefined}>
      <span className="connect-button dead-label" title={crash?.message ?? controller.error ?? undefined}>
        <WarningIcon />
        {crash ? crashLabel(crash) : statusLabel("dead", controller.runtime)}
      </span>
      <button type="button" className="button small" onClick={() => void controller.restart()}>
        Restart
      </button>
      <button type="button" className="button small primary" onClick={() => void controller.connect(type)}>
        Reconnect
      </button>
      {card && (
        <div className="runtime-popover crash-card" id={messageId}>
          <button type="button" className="crash-dismiss" aria-label="Dismiss" onClick={() => setDismissed(crash.message)}>
            ×
          </button>
          <p className="crash-message">{crash.message}</p>
          {crash.suggestsHighRam && onChangeRuntimeType && (
            <button type="button" className="button small primary" onClick={onChangeRuntimeType}>
              Change runtime type
            </button>
          )}
        </div>
      )}
    </div>
  );
}
