import { YNotebook } from "@jupyter/ydoc";
import { describe, expect, it } from "vitest";
import { colabAccelerator, notebookRuntimeType, setNotebookRuntimeType } from "./runtimeType";

describe("runtime type metadata", () => {
  it("defaults to cpu and records the choice with Colab's accelerator key", () => {
    const nb = YNotebook.create();
    expect(notebookRuntimeType(nb)).toBe("cpu");
    nb.setMetadata("collaboratory", { omit_outputs: true });
    setNotebookRuntimeType(nb, "gpu-highram");
    expect(notebookRuntimeType(nb)).toBe("gpu-highram");
    expect(nb.getMetadata("accelerator")).toBe("GPU");
    expect(nb.getMetadata("collaboratory")).toEqual({ omit_outputs: true, runtime_type: "gpu-highram" });
    setNotebookRuntimeType(nb, "cpu");
    expect(nb.getMetadata("accelerator")).toBeUndefined();
  });
  it("maps runtime types to Colab accelerators", () => {
    expect(["cpu", "gpu", "tpu-highram"].map(colabAccelerator)).toEqual([null, "GPU", "TPU"]);
  });
});
