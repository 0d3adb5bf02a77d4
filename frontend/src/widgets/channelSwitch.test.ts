import { afterEach, describe, expect, it, vi } from "vitest";
import { KernelChannelSwitch } from "./channelSwitch";
import { createSwitchingWidgetManager, type WidgetManagerHandle } from "./createWidgetManager";
import { FakeKernelChannel } from "./fakeKernelChannel";
import { installLuminoDomShims } from "./testDom";
import { controlState } from "./testing";

installLuminoDomShims();

const loadManager = () => import("./manager");
let handle: WidgetManagerHandle | null = null;
afterEach(() => {
  handle?.dispose();
  handle = null;
});

describe("widget manager following the notebook's runtime", () => {
  it("moves to a local runtime's channel and back, asking each kernel for its widgets", async () => {
    const hosted = new FakeKernelChannel();
    const local = new FakeKernelChannel();
    const channels = new KernelChannelSwitch(hosted);
    handle = createSwitchingWidgetManager(channels, loadManager);
    await vi.waitFor(() => expect(hosted.sentOf("comm_info_request")).toHaveLength(1));

    const switched = vi.fn();
    handle.onSwitch?.(switched);
    channels.setLocal(local);
    expect(switched).toHaveBeenCalledOnce();
    expect(hosted.listenerCount).toBe(0);
    await vi.waitFor(() => expect(local.sentOf("comm_info_request")).toHaveLength(1));
    local.openWidget("slider", controlState("IntSlider", { value: 3 }));
    await vi.waitFor(() => expect(handle?.hasModel("slider")).toBe(true), { timeout: 5000 });
    hosted.openWidget("hosted-only", controlState("HBox"));
    expect(handle.hasModel("hosted-only")).toBe(false);

    channels.setLocal(null);
    expect(local.listenerCount).toBe(0);
    expect(handle.hasModel("slider")).toBe(false);
    await vi.waitFor(() => expect(hosted.sentOf("comm_info_request")).toHaveLength(2));
  });

  it("does not start over when the same channel is set again, and lets go of it when disposed", () => {
    const hosted = new FakeKernelChannel();
    const channels = new KernelChannelSwitch(hosted);
    const changes = vi.fn();
    channels.onChange(changes);
    handle = createSwitchingWidgetManager(channels, loadManager);
    channels.setLocal(null);
    expect(changes).not.toHaveBeenCalled();
    expect(channels.current).toBe(hosted);
    handle.dispose();
    handle = null;
    expect(hosted.listenerCount).toBe(0);
  });
});
