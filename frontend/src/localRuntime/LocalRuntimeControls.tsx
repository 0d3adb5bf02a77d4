import { useState, useSyncExternalStore, type ReactNode } from "react";
import type { LocalRuntimeStore } from "./LocalRuntimeStore";
import "./localRuntime.css";

interface Props {
  store: LocalRuntimeStore;
  /** The hosted runtime's Connect button, shown while no local runtime is in use. */
  hostedButton: ReactNode;
  connectHosted(): void;
  openLocalDialog(): void;
}

/**
 * The Connect area: the hosted Connect button with a menu beside it (hosted or local runtime), or,
 * in local mode, "Local runtime" with its host and one click back to a hosted runtime.
 */
export function LocalRuntimeControls({ store, hostedButton, connectHosted, openLocalDialog }: Props) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [open, setOpen] = useState(false);
  const backToHosted = () => {
    store.disconnect();
    connectHosted();
  };
  if (state.status !== "off") {
    const lost = state.status === "lost";
    return (
      <div className="local-connect" role="group" aria-label="Runtime">
        <span
          className={`connect-button local-runtime ${lost ? "lost" : "connected"}`}
          role="status"
          title={lost ? state.message : `Cells run on the Jupyter server at ${state.host}${state.protocol === "http-over-ws" ? ", over jupyter_http_over_ws" : ""}`}
        >
          {lost ? "Local runtime lost" : "Local runtime"}: {state.host}
        </span>
        {lost && (
          <button type="button" className="button small" onClick={openLocalDialog}>
            Reconnect
          </button>
        )}
        <button type="button" className="button small" onClick={backToHosted}>
          Connect to a hosted runtime
        </button>
      </div>
    );
  }
  return (
    <div className="local-connect">
      {hostedButton}
      <button
        type="button"
        className="icon-button local-connect-more"
        aria-label="Additional connection options"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        ▾
      </button>
      {open && (
        <div className="menu local-connect-menu" role="menu" onMouseLeave={() => setOpen(false)}>
          <button type="button" role="menuitem" onClick={() => { setOpen(false); connectHosted(); }}>
            Connect to a hosted runtime
          </button>
          <button type="button" role="menuitem" onClick={() => { setOpen(false); openLocalDialog(); }}>
            Connect to a local runtime…
          </button>
        </div>
      )}
    </div>
  );
}
