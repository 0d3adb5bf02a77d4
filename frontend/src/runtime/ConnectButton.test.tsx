import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
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
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Connecting…" }).disabled).toBe(true);
    const queued = fakeRuntime({ state: "queued", runtime_type: "gpu", queue_position: 3 });
    rerender(<ConnectButton controller={fakeController({ status: "queued", runtime: queued, queuePosition: 3 })} />);
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Allocating GPU (position 3 in queue)" }).disabled).toBe(true);
  });

  it("says a runtime image is being built, with how far it is", () => {
    const image = { name: "standard", state: "building" as const, percent: 40, message: "Downloaded 12 of 30 files" };
    const starting = fakeRuntime({ state: "starting", image });
    const { container, rerender } = render(<ConnectButton controller={fakeController({ status: "starting", runtime: starting })} />);
    const button = screen.getByRole<HTMLButtonElement>("button", { name: "Preparing runtime image standard… 40%" });
    expect(button.disabled).toBe(true);
    expect(button.title).toBe("Downloaded 12 of 30 files");
    expect((container.querySelector(".connect-progress") as HTMLElement).style.width).toBe("40%");
    // the build not begun yet: no figure; the image ready: the kernel starts, "Connecting…"
    const queued = fakeRuntime({ state: "starting", image: { ...image, state: "absent", percent: null, message: null } });
    rerender(<ConnectButton controller={fakeController({ status: "starting", runtime: queued })} />);
    expect(screen.getByRole("button", { name: "Preparing runtime image standard…" })).toBeTruthy();
    expect(container.querySelector(".connect-progress")).toBeNull();
    const ready = fakeRuntime({ state: "starting", image: { ...image, state: "ready", percent: null, message: null } });
    rerender(<ConnectButton controller={fakeController({ status: "starting", runtime: ready })} />);
    expect(screen.getByRole("button", { name: "Connecting…" })).toBeTruthy();
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

  const OOM =
    "Your session crashed after using all available RAM. This runtime has 4 GB of RAM. If you need more RAM, " +
    "switch to a High-RAM runtime type: Runtime › Change runtime type › CPU (High-RAM).";

  it("says a runtime crashed out of RAM, with Colab's message and a way to more RAM", () => {
    const runtime = fakeRuntime({ state: "dead", reason: "oom", error: OOM });
    const controller = fakeController({ status: "dead", runtime });
    const onChangeRuntimeType = vi.fn();
    render(<ConnectButton controller={controller} onChangeRuntimeType={onChangeRuntimeType} />);
    const status = screen.getByRole("status");
    expect(status.textContent).toContain("Session crashed: out of RAM");
    expect(screen.getByText(OOM)).toBeTruthy();
    expect(status.getAttribute("aria-describedby")).toBe(screen.getByText(OOM).parentElement?.id);
    fireEvent.click(screen.getByRole("button", { name: "Change runtime type" }));
    expect(onChangeRuntimeType).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole("button", { name: "Restart" }));
    expect(controller.restart).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText(OOM)).toBeNull();
    expect(screen.getByRole("status").textContent).toContain("Session crashed: out of RAM");
    expect(screen.getByTitle(OOM)).toBeTruthy(); // still there on hover
  });

  it("shows the died event's message before the runtime's JSON has it", () => {
    const runtime = fakeRuntime({ state: "dead" });
    render(<ConnectButton controller={fakeController({ status: "dead", runtime, error: OOM })} onChangeRuntimeType={() => {}} />);
    expect(screen.getByText(OOM)).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Session crashed");
  });

  it("offers no other runtime type for too many processes, a full disk, or a High-RAM type already", () => {
    const pids = "Your session crashed after starting too many processes (limit 512).";
    const runtime = fakeRuntime({ state: "dead", reason: "pids", error: pids });
    const { rerender } = render(<ConnectButton controller={fakeController({ status: "dead", runtime })} onChangeRuntimeType={() => {}} />);
    expect(screen.getByRole("status").textContent).toContain("Session crashed: too many processes");
    expect(screen.getByText(pids)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Change runtime type" })).toBeNull();
    const disk = fakeRuntime({ state: "dead", reason: "disk", error: "Your runtime's disk is full (10 GB): delete files in /content" });
    rerender(<ConnectButton controller={fakeController({ status: "dead", runtime: disk })} onChangeRuntimeType={() => {}} />);
    expect(screen.getByRole("status").textContent).toContain("Session crashed: disk full");
    expect(screen.queryByRole("button", { name: "Change runtime type" })).toBeNull();
    const high = fakeRuntime({ state: "dead", reason: "oom", runtime_type: "cpu-highram", error: "Your session crashed after using all available RAM." });
    rerender(<ConnectButton controller={fakeController({ status: "dead", runtime: high })} onChangeRuntimeType={() => {}} />);
    expect(screen.queryByRole("button", { name: "Change runtime type" })).toBeNull();
  });
});
