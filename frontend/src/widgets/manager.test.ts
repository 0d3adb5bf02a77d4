import { afterEach, describe, expect, it } from "vitest";
import { createWidgetManager, type WidgetManagerHandle } from "./createWidgetManager";
import { FakeKernelChannel } from "./fakeKernelChannel";
import { installLuminoDomShims } from "./testDom";
import { controlState, newHost, sliderState, until } from "./testing";

installLuminoDomShims();

let handle: WidgetManagerHandle | null = null;
afterEach(() => {
  handle?.dispose();
  handle = null;
  document.body.replaceChildren();
});

async function newManager(channel = new FakeKernelChannel()): Promise<FakeKernelChannel> {
  handle = await createWidgetManager(channel);
  return channel;
}

async function managerWithSlider(value = 10): Promise<{ channel: FakeKernelChannel; host: HTMLElement }> {
  const channel = await newManager();
  channel.openWidget("slider-1", sliderState(value));
  const host = newHost();
  await handle?.render("slider-1", host);
  return { channel, host };
}

const readout = (host: HTMLElement) => host.querySelector(".widget-readout")?.textContent;

describe("widget manager", () => {
  it("creates a slider from the kernel's comm_open and renders it", async () => {
    const { host } = await managerWithSlider(10);
    expect(handle?.hasModel("slider-1")).toBe(true);
    expect(host.querySelector(".widget-slider .noUi-handle")?.getAttribute("aria-valuenow")).toBe("10.0");
    expect(readout(host)).toBe("10");
    expect(host.querySelector(".widget-label")?.textContent).toBe("x");
    expect(host.classList.contains("cb-widget-area")).toBe(true);
  });

  it("sends an update when the slider moves here", async () => {
    const { channel, host } = await managerWithSlider(10);
    const handleElement = host.querySelector<HTMLElement>(".noUi-handle");
    handleElement?.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    const update = await until(() => channel.sentOf("comm_msg", "update")[0]);
    expect(update.content).toMatchObject({ comm_id: "slider-1", data: { method: "update", state: { value: 11 } } });
    expect(readout(host)).toBe("11");
  });

  it("moves the slider when the kernel updates the value", async () => {
    const { channel, host } = await managerWithSlider(10);
    channel.updateWidget("slider-1", { value: 5 });
    await until(() => readout(host) === "5");
    expect(host.querySelector(".noUi-handle")?.getAttribute("aria-valuenow")).toBe("5.0");
  });

  it("rejects rendering a model the kernel does not have", async () => {
    await newManager();
    await expect(handle?.render("no-such-model", newHost())).rejects.toThrow(/not known/);
    expect(handle?.hasModel("no-such-model")).toBe(false);
  });

  it("asks the kernel for its widgets on load and restores them with request_states", async () => {
    const channel = new FakeKernelChannel();
    channel.commInfo = { "old-slider": { target_name: "jupyter.widget" } };
    await newManager(channel);
    expect(channel.sentOf("comm_info_request")[0]?.content).toEqual({ target_name: "jupyter.widget" });

    const isControl = (msg: { content: Record<string, unknown> }) =>
      msg.content.target_name === "jupyter.widget.control";
    const control = await until(() => channel.sentOf("comm_open").find(isControl));
    const request = await until(() => channel.sentOf("comm_msg", "request_states")[0]);
    expect(request.content.comm_id).toBe(control.content.comm_id);
    const oldSlider = {
      model_name: "IntSliderModel",
      model_module: "@jupyter-widgets/controls",
      model_module_version: "2.0.0",
      state: sliderState(42),
    };
    const states = { method: "update_states", states: { "old-slider": oldSlider }, buffer_paths: [] };
    channel.iopub("comm_msg", { comm_id: control.content.comm_id, data: states }, request);

    const host = newHost();
    await handle?.render("old-slider", host);
    expect(readout(host)).toBe("42");
    expect(channel.sentOf("comm_close").map((m) => m.content.comm_id)).toContain(control.content.comm_id);
  });

  it("holds a comm_open that arrives while the widget code loads, then creates the model", async () => {
    const channel = await newManager();
    channel.openWidget("early", sliderState(3));
    channel.updateWidget("early", { value: 4 });
    const host = newHost();
    await handle?.render("early", host);
    await until(() => readout(host) === "4");
  });

  it("sends a button click as a custom message", async () => {
    const channel = await newManager();
    channel.openWidget("button", controlState("Button", { description: "Go" }));
    const host = newHost();
    await handle?.render("button", host);
    const button = host.querySelector("button");
    expect(button?.textContent).toContain("Go");
    button?.click();
    const custom = await until(() => channel.sentOf("comm_msg", "custom")[0]);
    expect(custom.content.data).toEqual({ method: "custom", content: { event: "click" } });
  });

  it("lays out children of an HBox", async () => {
    const channel = await newManager();
    channel.openWidget("a", sliderState(1));
    channel.openWidget("b", controlState("Checkbox", { value: true, description: "on" }));
    channel.openWidget("box", controlState("HBox", { children: ["IPY_MODEL_a", "IPY_MODEL_b"] }));
    const host = newHost();
    await handle?.render("box", host);
    const checkbox = await until(() => host.querySelector<HTMLInputElement>(".widget-hbox .widget-checkbox input"));
    expect(checkbox.checked).toBe(true);
    expect(host.querySelector(".widget-hbox > .widget-slider + .widget-checkbox")).not.toBeNull();
  });

  it("removes the view when the kernel closes the widget", async () => {
    const { channel, host } = await managerWithSlider(10);
    channel.iopub("comm_close", { comm_id: "slider-1", data: {} });
    await until(() => host.childElementCount === 0);
    expect(handle?.hasModel("slider-1")).toBe(false);
  });
});
