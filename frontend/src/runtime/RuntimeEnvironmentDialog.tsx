import { useEffect, useState } from "react";
import { Modal } from "../ui/Modal";
import { errorMessage } from "../api/errors";
import { runtimeApi, type RuntimeImage } from "./api";
import { PackageList } from "./PackageList";
import { formatBytes } from "./status";
import "./runtime.css";

interface Props {
  /** The notebook's runtime type: its image is the one shown. */
  runtimeType: string;
  onClose(): void;
}

/** What a runtime of this image has, in words, before its packages. */
function summary(image: RuntimeImage): string {
  const parts = [`Python ${image.python ?? "?"}`];
  if (image.version) parts.push(`version ${image.version}`);
  if (image.size_bytes) parts.push(formatBytes(image.size_bytes));
  if (image.built_at) parts.push(`built ${image.built_at.replace("T", " ").replace("Z", " UTC")}`);
  return parts.join(" · ");
}

function stateNote(image: RuntimeImage): string | null {
  switch (image.state) {
    case "ready":
      return null;
    case "building":
      return `Being built${image.percent !== null ? ` (${image.percent}%)` : ""}: ${image.progress ?? "starting"}.`;
    case "outdated":
      return "Its settings changed since this version was built: the next runtime of this type builds it again.";
    case "absent":
      return "Not built yet: the first runtime of this type builds it.";
    case "failed":
      return `The last build failed: ${image.error ?? "no reason given"}.`;
  }
}

/** Tools › Runtime environment: the Python packages a runtime of the notebook's type has. */
export function RuntimeEnvironmentDialog({ runtimeType, onClose }: Props) {
  const [images, setImages] = useState<RuntimeImage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    runtimeApi.images().then(
      (found) => live && setImages(found),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, []);
  const image = images?.find((i) => i.runtime_types.includes(runtimeType)) ?? null;
  const footer = (
    <button type="button" className="button" onClick={onClose}>
      Close
    </button>
  );
  const note = image ? stateNote(image) : null;
  return (
    <Modal title="Runtime environment" onClose={onClose} footer={footer}>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {images === null && !error && <p className="runtime-muted">Loading the runtime environment…</p>}
      {images !== null && image === null && (
        <p className="runtime-muted">This server runs {runtimeType} runtimes on no runtime image it builds: it cannot list their packages.</p>
      )}
      {image && (
        <>
          <p>
            Runtime image <strong>{image.name}</strong> ({runtimeType} runtimes)
            {image.python && <span className="runtime-muted"> — {summary(image)}</span>}
          </p>
          {note && <p className="runtime-muted">{note}</p>}
          {image.packages.length > 0 && <PackageList packages={image.packages} label={`Packages of ${image.name}`} />}
        </>
      )}
    </Modal>
  );
}
