import { afterEach, describe, expect, it, vi } from "vitest";
import { createLazyWidgetManager, type WidgetManagerHandle } from "./createWidgetManager";
import { FakeKernelChannel } from "./fakeKernelChannel";
import { installLuminoDomShims } from "./testDom";
import { controlState } from "./testing";

installLuminoDomShims();

const loadManager = () => import("./manager");

let handle: WidgetManagerHandle | null = null;
afterEach(() => {
  handle?.dispose();
  handle = null;
  vi.useRealTimers();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("lazy widget manager", () => {
  it("does not load the widget code for a kernel without widgets", async () => {
    const channel = new FakeKernelChannel();
    const loader = vi.fn(loadManager);
    handle = createLazyWidgetManager(channel, loader);
    await settle();
    expect(channel.sentOf("comm_info_request")).toHaveLength(1);
    channel.iopub("stream", { name: "stdout", text: "hi" }, "someone-else");
    await settle();
    expect(loader).not.toHaveBeenCalled();
    expect(handle.hasModel("anything")).toBe(false);
  });

  it("loads the widget code when the kernel opens a widget comm", async () => {
    const channel = new FakeKernelChannel();
    const loader = vi.fn(loadManager);
    handle = createLazyWidgetManager(channel, loader);
    channel.iopub("comm_open", { comm_id: "other", target_name: "some.other.target", data: {} });
    await settle();
    expect(loader).not.toHaveBeenCalled();
    channel.openWidget("w", controlState("HBox"));
    expect(loader).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(handle?.hasModel("w")).toBe(true), { timeout: 5000 });
  });

  it("waits for the socket before asking the kernel for its widgets", async () => {
    vi.useFakeTimers();
    const channel = new FakeKernelChannel();
    channel.connected = false;
    handle = createLazyWidgetManager(channel, loadManager);
    await vi.advanceTimersByTimeAsync(1000);
    expect(channel.sent).toHaveLength(0);
    channel.connected = true;
    await vi.advanceTimersByTimeAsync(600);
    expect(channel.sentOf("comm_info_request")).toHaveLength(1);
  });

  it("stops listening to the channel when disposed", () => {
    const channel = new FakeKernelChannel();
    handle = createLazyWidgetManager(channel, loadManager);
    expect(channel.listenerCount).toBe(1);
    handle.dispose();
    expect(channel.listenerCount).toBe(0);
  });
});
