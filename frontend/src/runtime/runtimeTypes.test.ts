import { describe, expect, it } from "vitest";
import { acceleratorChoices, baseTypeId, choiceLabel, findType, memoryLabel, shapeOf, typeIdOf } from "./runtimeTypes";
import { fakeType } from "./testing";

describe("runtime type ids", () => {
  it("splits and joins the High-RAM shape", () => {
    expect(baseTypeId("gpu-highram")).toBe("gpu");
    expect(shapeOf("gpu-highram")).toBe("highram");
    expect(shapeOf("gpu")).toBe("standard");
    expect(typeIdOf("tpu", "highram")).toBe("tpu-highram");
    expect(typeIdOf("tpu", "standard")).toBe("tpu");
  });
  it("offers the accelerators without their High-RAM variants", () => {
    const types = ["cpu", "gpu", "cpu-highram", "gpu-highram"].map((id) => fakeType(id));
    expect(acceleratorChoices(types).map((t) => t.id)).toEqual(["cpu", "gpu"]);
    expect(findType(types, "gpu", "highram")?.id).toBe("gpu-highram");
    expect(findType(types, "tpu", "standard")).toBeUndefined();
  });
  it("labels choices", () => {
    expect(choiceLabel(fakeType("cpu-highram"))).toBe("CPU");
    expect(memoryLabel(fakeType("cpu"))).toBe("4 GB RAM");
    expect(memoryLabel(fakeType("cpu", { memory_mb: 1536 }))).toBe("1.5 GB RAM");
  });
});
