import type { YNotebook } from "@jupyter/ydoc";

/** The runtime type the notebook asks for: metadata.collaboratory.runtime_type (default "cpu"). */
export function notebookRuntimeType(model: YNotebook): string {
  const ours = model.getMetadata("collaboratory");
  const type = ours && typeof ours === "object" && !Array.isArray(ours) ? (ours as Record<string, unknown>).runtime_type : null;
  return typeof type === "string" && type !== "" ? type : "cpu";
}

/** The accelerator Colab records for a runtime type ("gpu-highram" → "GPU"), or null for CPU. */
export function colabAccelerator(runtimeType: string): "GPU" | "TPU" | null {
  const base = runtimeType.split("-")[0];
  return base === "gpu" ? "GPU" : base === "tpu" ? "TPU" : null;
}

/** Record the chosen runtime type in the shared document (ours and Colab's metadata keys). */
export function setNotebookRuntimeType(model: YNotebook, runtimeType: string): void {
  const current = model.getMetadata("collaboratory");
  const ours = current && typeof current === "object" && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
  const accelerator = colabAccelerator(runtimeType);
  model.transact(() => {
    model.setMetadata("collaboratory", { ...ours, runtime_type: runtimeType } as never);
    if (accelerator) model.setMetadata("accelerator", accelerator);
    else if (model.getMetadata("accelerator") !== undefined) model.deleteMetadata("accelerator");
  });
}
