import { useEffect, useId, useMemo, useState } from "react";
import { Modal } from "../ui/Modal";
import { errorMessage } from "../api/errors";
import { runtimeApi, type RuntimeImage } from "../runtime/api";
import { alignCommand, compareEnvironments, countBy, type Difference, type Package } from "./diff";
import type { LocalSource } from "./localPackages";
import "../runtime/runtime.css";
import "./compareEnvironments.css";

interface Props {
  /** The hosted runtime type the notebook runs on when not local: its image is compared first. */
  hostedType: string;
  /** The connected local runtime; null when none is. */
  local: LocalSource | null;
  onClose(): void;
}

// What the local runtime lacks comes first: that is what breaks a notebook moved between the two.
const ORDER: Record<Difference, number> = { "only-hosted": 0, different: 1, "only-local": 2, same: 3 };

const WORDS: Record<Difference, string> = {
  "only-hosted": "Only hosted",
  "only-local": "Only local",
  different: "Different",
  same: "Same",
};

function useLoaded<T>(load: (() => Promise<T>) | null): { value: T | null; error: string | null } {
  const [state, setState] = useState<{ value: T | null; error: string | null }>({ value: null, error: null });
  useEffect(() => {
    if (!load) return;
    let live = true;
    load().then(
      (value) => live && setState({ value, error: null }),
      (err: unknown) => live && setState({ value: null, error: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return state;
}

/** Tools › Compare runtime environments: hosted image vs. local runtime, and the pip line to align. */
export function CompareEnvironmentsDialog({ hostedType, local: given, onClose }: Props) {
  const [local] = useState(given); // the local runtime as the dialog opened: asked once
  const images = useLoaded(runtimeApi.images);
  const localLoad = useMemo(() => (local ? () => local.load() : null), [local]);
  const localPackages = useLoaded<Package[]>(localLoad);
  const [chosen, setChosen] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const selectId = useId();

  const usable = (images.value ?? []).filter((i) => i.packages.length > 0);
  const image: RuntimeImage | undefined =
    usable.find((i) => i.name === chosen) ??
    usable.find((i) => i.runtime_types.includes(hostedType)) ??
    usable.find((i) => i.runtime_types.includes("cpu")) ??
    usable[0];
  const rows = useMemo(
    () => (image && localPackages.value ? compareEnvironments(image.packages, localPackages.value) : null),
    [image, localPackages.value],
  );
  const shown = (rows ?? []).filter((r) => showAll || r.difference !== "same").sort((a, b) => ORDER[a.difference] - ORDER[b.difference]);
  const counts = rows ? countBy(rows) : null;
  const command = rows ? alignCommand(rows) : null;
  const footer = (
    <button type="button" className="button" onClick={onClose}>
      Close
    </button>
  );
  return (
    <Modal title="Compare runtime environments" onClose={onClose} footer={footer} size="wide">
      {!local && (
        <p className="runtime-muted">
          No local runtime is connected. Connect one with <em>Runtime › Connect to a local runtime…</em>, or run{" "}
          <code>collaboratory connect</code> on your computer and choose it under <em>Runtime › Change runtime type</em>.
        </p>
      )}
      {[images.error, localPackages.error].filter(Boolean).map((error) => (
        <p key={error} className="form-error" role="alert">
          {error}
        </p>
      ))}
      {images.value && usable.length === 0 && (
        <p className="runtime-muted">No hosted runtime image is built yet, so there is no hosted package list to compare.</p>
      )}
      {image && (
        <p className="compare-choice">
          <label htmlFor={selectId}>Hosted runtime image</label>{" "}
          <select id={selectId} value={image.name} onChange={(e) => setChosen(e.target.value)}>
            {usable.map((i) => (
              <option key={i.name} value={i.name}>
                {i.name} ({i.runtime_types.join(", ") || "no runtime type"})
              </option>
            ))}
          </select>{" "}
          {local && <span className="runtime-muted">compared with {local.label}</span>}
        </p>
      )}
      {local && !localPackages.value && !localPackages.error && <p className="runtime-muted">Asking {local.label} for its packages…</p>}
      {rows && counts && image && (
        <>
          <p aria-live="polite">
            {counts["only-hosted"]} only in the hosted runtime · {counts["only-local"]} only local · {counts.different} different ·{" "}
            {counts.same} the same
          </p>
          {command ? <AlignCommand command={command} /> : <p>The local runtime has every hosted package at the hosted version.</p>}
          <label className="compare-show">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show packages that are the same
          </label>
          <div className="package-scroll">
            <table className="package-table compare-table" aria-label="Package differences">
              <thead>
                <tr>
                  <th scope="col">Package</th>
                  <th scope="col">Hosted ({image.name})</th>
                  <th scope="col">Local</th>
                  <th scope="col">Difference</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => (
                  <tr key={row.name} className={`compare-${row.difference}`}>
                    <td>{row.name}</td>
                    <td>{row.hosted ?? "—"}</td>
                    <td>{row.local ?? "—"}</td>
                    <td>{WORDS[row.difference]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Modal>
  );
}

function AlignCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const labelId = useId();
  return (
    <div className="compare-command">
      <p id={labelId}>To give the local runtime the hosted packages, run this where it runs (or in a cell, with %pip):</p>
      <pre aria-labelledby={labelId}>
        <code>{command}</code>
      </pre>
      <button
        type="button"
        className="button"
        onClick={() => void navigator.clipboard?.writeText(command).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
