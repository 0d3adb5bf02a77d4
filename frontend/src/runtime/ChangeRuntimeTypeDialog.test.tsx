import { fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChangeRuntimeTypeDialog } from "./ChangeRuntimeTypeDialog";
import { fakeType, stubFetch } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const TYPES = [
  fakeType("cpu"),
  fakeType("gpu", { reason: "All 2 GPU(s) are in use; 1 request(s) waiting. You can queue." }),
  fakeType("tpu", { available: false, reason: "This server has no TPU to offer." }),
  fakeType("cpu-highram"),
  fakeType("gpu-highram"),
  fakeType("tpu-highram", { available: false, reason: "This server has no TPU to offer." }),
];

function radio(name: string): HTMLInputElement {
  return screen.getByRole<HTMLInputElement>("radio", { name });
}

describe("ChangeRuntimeTypeDialog", () => {
  it("offers the accelerators from the server, unavailable ones disabled with the reason", async () => {
    stubFetch({ "GET /api/runtime-types": TYPES });
    render(<ChangeRuntimeTypeDialog current="gpu" onSave={vi.fn()} onClose={vi.fn()} />);
    const dialog = screen.getByRole("dialog", { name: "Change runtime type" });
    expect(dialog).toBeTruthy();
    const group = await screen.findByRole("radiogroup", { name: "Hardware accelerator" });
    expect(Array.from(group.querySelectorAll("input")).map((i) => i.labels?.[0]?.textContent?.slice(0, 3))).toEqual([
      "CPU",
      "GPU",
      "TPU",
    ]);
    expect(radio("GPU").checked).toBe(true);
    expect(radio("TPU").disabled).toBe(true);
    expect(screen.getByRole("radio", { name: "TPU", description: "This server has no TPU to offer." })).toBeTruthy();
    expect(screen.getByText(/You can queue/)).toBeTruthy();
  });

  it("saves the accelerator with the chosen shape as a type id", async () => {
    stubFetch({ "GET /api/runtime-types": TYPES });
    const onSave = vi.fn();
    render(<ChangeRuntimeTypeDialog current={null} onSave={onSave} onClose={vi.fn()} />);
    await screen.findByRole("radiogroup", { name: "Hardware accelerator" });
    expect(radio("CPU").checked).toBe(true);
    fireEvent.click(radio("GPU"));
    fireEvent.click(radio("High-RAM"));
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSave).toHaveBeenCalledWith("gpu-highram");
  });

  it("cancels, and reports a failed load", async () => {
    stubFetch({});
    const onClose = vi.fn();
    render(<ChangeRuntimeTypeDialog current="cpu" onSave={vi.fn()} onClose={onClose} />);
    expect((await screen.findByRole("alert")).textContent).toContain("No stub");
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Save" }).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onClose).toHaveBeenCalled();
  });
});
