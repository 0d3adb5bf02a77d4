import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ConnectButton } from "./ConnectButton";
import { fakeController, fakeRuntime, fakeSample } from "./testing";

describe("ConnectButton", () => {
  it("is Colab's Connect button when disconnected", () => {
    const controller = fakeController();
    render(<ConnectButton controller={controller} />);
    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    expect(controller.connect).toHaveBeenCalledOnce();
  });

  it("shows the way there, disabled", () => {
    const { rerender } = render(<ConnectButton controller={fakeController({ status: "connecting" })} />);
    expect((screen.getByRole("button", { name: "Connecting…" }) as HTMLButtonElement).disabled).toBe(true);
    const queued = fakeRuntime({ state: "queued", runtime_type: "gpu", queue_position: 3 });
    rerender(<ConnectButton controller={fakeController({ status: "queued", runtime: queued, queuePosition: 3 })} />);
    expect((screen.getByRole("button", { name: "Allocating GPU (position 3 in queue)" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows meters when connected and the figures with history on hover", () => {
    const usage = [fakeSample({ at: 1, memory_bytes: 500_000_000 }), fakeSample({ at: 2 })];
    render(<ConnectButton controller={fakeController({ status: "ready", runtime: fakeRuntime(), usage })} />);
    const button = screen.getByRole("button", { name: /^Connected: RAM 1.00 GB \/ 4.00 GB, Disk 50.0 MB$/ });
    expect(screen.queryByRole("tooltip")).toBeNull();
    fireEvent.mouseEnter(button.parentElement!);
    const popover = screen.getByRole("tooltip");
    expect(popover.textContent).toContain("1.00 GB / 4.00 GB");
    expect(popover.textContent).toContain("CPU12 %");
    const ram = screen.getByRole("img", { name: "RAM over the last 2 readings" });
    expect(ram.querySelector("path")?.getAttribute("d")).toBe("M 0 24.5 L 120 21");
    fireEvent.keyDown(button, { key: "Escape" });
    expect(screen.queryByRole("tooltip")).toBeNull();
  });

  it("says Busy while code runs", () => {
    render(<ConnectButton controller={fakeController({ status: "busy", runtime: fakeRuntime({ state: "busy" }) })} />);
    expect(screen.getByRole("button", { name: "Busy" }).textContent).toContain("Busy");
  });

  it("offers Restart and Reconnect for a dead runtime", () => {
    const controller = fakeController({ status: "dead", runtime: fakeRuntime({ state: "dead", runtime_type: "gpu" }) });
    render(<ConnectButton controller={controller} />);
    expect(screen.getByRole("status").textContent).toContain("Runtime disconnected");
    fireEvent.click(screen.getByRole("button", { name: "Restart" }));
    fireEvent.click(screen.getByRole("button", { name: "Reconnect" }));
    expect(controller.restart).toHaveBeenCalledOnce();
    expect(controller.connect).toHaveBeenCalledWith("gpu");
  });
});
