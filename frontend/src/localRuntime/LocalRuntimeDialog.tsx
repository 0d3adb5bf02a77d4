import { useId, useState } from "react";
import { Modal } from "../ui/Modal";
import { classicCommands, LocalRuntimeError, startCommand, type ConnectProblem } from "./connectErrors";
import "./localRuntime.css";

interface Props {
  /** This page's origin (what the local server must allow). */
  origin: string;
  /** Connects; rejects with a LocalRuntimeError when something a person can fix is wrong. */
  onConnect(url: string): Promise<void>;
  onClose(): void;
}

function problemOf(error: unknown): ConnectProblem {
  if (error instanceof LocalRuntimeError) return error.problem;
  return { kind: "kernel-failed", message: error instanceof Error ? error.message : String(error) };
}

/**
 * Connect › Connect to a local runtime…: a trust warning first, then the URL (with its token) of a
 * Jupyter server on this machine. This page talks to that server itself; the service never does.
 */
export function LocalRuntimeDialog({ origin, onConnect, onClose }: Props) {
  const [trusted, setTrusted] = useState(false);
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ConnectProblem | null>(null);
  const fieldId = useId();

  if (!trusted) {
    return (
      <Modal
        title="Connect to a local runtime"
        onClose={onClose}
        footer={
          <>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="button primary" onClick={() => setTrusted(true)}>
              I trust this notebook, continue
            </button>
          </>
        }
      >
        <div className="local-warning" role="note">
          <strong>Local execution runs code from the notebook on your machine.</strong>
          <p>
            Its cells can read, change and delete your files and reach your network, with your permissions. Connect only
            if you trust this notebook and everyone who can edit it.
          </p>
        </div>
      </Modal>
    );
  }

  const connect = () => {
    setBusy(true);
    setProblem(null);
    onConnect(url).then(
      () => onClose(),
      (error: unknown) => {
        setBusy(false);
        setProblem(problemOf(error));
      },
    );
  };
  return (
    <Modal
      title="Connect to a local runtime"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button primary" disabled={busy || url.trim() === ""} onClick={connect}>
            {busy ? "Connecting…" : "Connect"}
          </button>
        </>
      }
    >
      <form
        className="local-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && url.trim() !== "") connect();
        }}
      >
        <p>Start a Jupyter server for this page on your machine:</p>
        <CommandBox command={startCommand(origin)} />
        <details className="local-classic">
          <summary>Or a classic Jupyter Notebook, as on Colab</summary>
          <CommandBox command={classicCommands(origin)} />
        </details>
        <label htmlFor={fieldId}>Backend URL (with its token)</label>
        <input
          id={fieldId}
          className="text-field"
          type="url"
          placeholder="http://127.0.0.1:8888/?token=…"
          value={url}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setUrl(e.target.value)}
        />
        <p className="local-note">Your browser connects to it directly: the token and your code&apos;s traffic never reach this service.</p>
      </form>
      {problem && (
        <div className="local-problem" role="alert" data-problem={problem.kind}>
          <p>{problem.message}</p>
          {problem.command && <CommandBox command={problem.command} />}
          {problem.hint && <p className="local-note">{problem.hint}</p>}
          {problem.also?.map((also) => (
            <div key={also.command} className="local-also">
              {also.label && <p className="local-note">{also.label}</p>}
              <CommandBox command={also.command} />
            </div>
          ))}
        </div>
      )}
    </Modal>
  );
}

/** Lines break between words only, never after the `--` of a flag. */
function wrappable(command: string) {
  const lines = command.split("\n");
  return lines.map((line, i) => (
    <span key={i} className="local-command-line">
      {line.split(" ").map((word, j) => (
        <span key={j}>
          {j > 0 && " "}
          <span className="local-command-word">{word}</span>
        </span>
      ))}
      {i < lines.length - 1 && "\n"}
    </span>
  ));
}

function CommandBox({ command }: { command: string }) {
  return (
    <div className="local-command">
      <code>{wrappable(command)}</code>
      <button
        type="button"
        className="button small"
        aria-label={`Copy ${command.split("\n").join(" && ")}`}
        onClick={() => void navigator.clipboard?.writeText(command).catch(() => undefined)}
      >
        Copy
      </button>
    </div>
  );
}
