import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../api/errors";
import { Modal } from "../ui/Modal";
import { runtimeFilesApi } from "./api";
import { fileName, loadPreview, TEXT_LIMIT, type Preview } from "./filePreview";
import { Spinner } from "./icons";
import "./runtime.css";

type State = { phase: "loading" } | { phase: "failed"; error: string } | { phase: "shown"; preview: Preview };

/** An object URL for the blob while it is shown, revoked afterwards. */
function useObjectUrl(blob: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return;
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => {
      URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [blob]);
  return url;
}

/**
 * Colab's file viewer: a runtime file (a path in /content) fetched from the Files API and shown
 * as text (its first MiB), as an image, or not at all; a Download link either way. The content is
 * untrusted: text goes in as a React text node, an image as a blob URL in an <img>.
 */
export function FileViewer({ runtimeId, path, onClose }: { runtimeId: string; path: string; onClose: () => void }) {
  const name = fileName(path);
  const url = runtimeFilesApi.downloadUrl(runtimeId, path);
  const [state, setState] = useState<State>({ phase: "loading" });
  const body = useRef<HTMLDivElement>(null);
  // The keyboard leaves the cell editor behind the dialog (the viewer has no field to focus).
  useEffect(() => body.current?.focus(), []);
  useEffect(() => {
    const abort = new AbortController();
    setState({ phase: "loading" });
    loadPreview(url, name, abort.signal).then(
      (preview) => abort.signal.aborted || setState({ phase: "shown", preview }),
      (err: unknown) => abort.signal.aborted || setState({ phase: "failed", error: errorMessage(err) }),
    );
    return () => abort.abort();
  }, [url, name]);
  const preview = state.phase === "shown" ? state.preview : null;
  const imageUrl = useObjectUrl(preview?.kind === "image" ? preview.blob : null);
  const download = (
    <a className="button" href={url} download={name}>
      Download
    </a>
  );
  return (
    <Modal title={name} onClose={onClose} size="wide" footer={download}>
      <div className="file-viewer" data-testid="file-viewer" tabIndex={-1} ref={body}>
        <p className="file-viewer-path">/content/{path}</p>
        {state.phase === "loading" && (
          <p className="runtime-muted" role="status">
            <Spinner /> Loading…
          </p>
        )}
        {state.phase === "failed" && (
          <p className="form-error" role="alert">
            {state.error}
          </p>
        )}
        {preview?.kind === "text" && (
          <>
            {preview.truncated && (
              <p className="file-viewer-note" role="note">
                Showing the first {TEXT_LIMIT / (1 << 20)} MiB of this file: download it to see all of it.
              </p>
            )}
            <pre className="file-viewer-text" tabIndex={0}>
              {preview.text}
            </pre>
          </>
        )}
        {preview?.kind === "image" && imageUrl && <img className="file-viewer-image" src={imageUrl} alt={name} />}
        {preview?.kind === "other" && (
          <div className="file-viewer-none">
            <p>{preview.reason === "too-large" ? "No preview for this file: it is too large." : "No preview for this file"}</p>
            <a className="button primary" href={url} download={name}>
              Download {name}
            </a>
          </div>
        )}
      </div>
    </Modal>
  );
}
