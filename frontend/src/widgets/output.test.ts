import { afterEach, describe, expect, it } from "vitest";
import { createWidgetManager, type WidgetManagerHandle } from "./createWidgetManager";
import { FakeKernelChannel } from "./fakeKernelChannel";
import { installLuminoDomShims } from "./testDom";
import { controlState, newHost, outputState, sliderState, until } from "./testing";

installLuminoDomShims();

let handle: WidgetManagerHandle | null = null;
afterEach(() => {
  handle?.dispose();
  handle = null;
  document.body.replaceChildren();
});

async function setUp(state: Record<string, unknown> = {}): Promise<{ channel: FakeKernelChannel; host: HTMLElement }> {
  const channel = new FakeKernelChannel();
  handle = await createWidgetManager(channel);
  channel.openWidget("out", outputState(state));
  const host = newHost();
  await handle.render("out", host);
  return { channel, host };
}

const outputText = (host: HTMLElement, selector = ".cb-widget-output-text") =>
  host.querySelector(selector)?.textContent;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("Output widget", () => {
  it("renders outputs captured under its msg_id and syncs them to the kernel", async () => {
    const { channel, host } = await setUp();
    channel.updateWidget("out", { msg_id: "exec-1" });
    await tick();
    channel.iopub("stream", { name: "stdout", text: "x = 10\n" }, "exec-1");
    channel.iopub("stream", { name: "stdout", text: "done\n" }, "exec-1");
    channel.iopub("stream", { name: "stdout", text: "not mine\n" }, "exec-2");
    await until(() => outputText(host) === "x = 10\ndone\n");
    expect(host.textContent).not.toContain("not mine");
    const update = await until(() => channel.sentOf("comm_msg", "update")[0]);
    const firstOutput = { output_type: "stream", name: "stdout", text: "x = 10\n" };
    expect(update.content.data).toMatchObject({ state: { outputs: [firstOutput] } });
  });

  it("stops capturing once the kernel closes it", async () => {
    const { channel, host } = await setUp({ msg_id: "exec-1" });
    channel.iopub("comm_close", { comm_id: "out", data: {} });
    await until(() => host.childElementCount === 0);
    const sentBefore = channel.sent.length;
    channel.iopub("stream", { name: "stdout", text: "late\n" }, "exec-1");
    await tick();
    expect(channel.sent.length).toBe(sentBefore);
  });

  it("clears on clear_output(wait=True) when the next output comes", async () => {
    const old = { output_type: "stream", name: "stdout", text: "old\n" };
    const { channel, host } = await setUp({ msg_id: "exec-1", outputs: [old] });
    expect(outputText(host)).toBe("old\n");
    channel.iopub("clear_output", { wait: true }, "exec-1");
    await tick();
    expect(host.textContent).toContain("old");
    const traceback = ["\u001b[31mValueError\u001b[0m: bad"];
    channel.iopub("error", { ename: "ValueError", evalue: "bad", traceback }, "exec-1");
    await until(() => outputText(host, ".cb-widget-output-error") === "ValueError: bad");
    expect(host.textContent).not.toContain("old");
  });

  it("shows images, text and a note for HTML, never HTML itself", async () => {
    const { channel, host } = await setUp({ msg_id: "exec-1" });
    const figure = { "image/png": "iVBORw0KGgo=", "text/plain": "<Figure>" };
    channel.iopub("display_data", { data: figure, metadata: {} }, "exec-1");
    channel.iopub("display_data", { data: { "text/html": "<b id='bold'>hi</b>" }, metadata: {} }, "exec-1");
    await until(() => host.querySelector(".cb-widget-output-note"));
    expect(host.querySelector("img")?.getAttribute("src")).toBe("data:image/png;base64,iVBORw0KGgo=");
    expect(host.querySelector("#bold")).toBeNull();
    expect(outputText(host, ".cb-widget-output-note")).toMatch(/text\/html/);
  });

  it("renders the controls and output of interact(f, x=10)", async () => {
    const channel = new FakeKernelChannel();
    handle = await createWidgetManager(channel);
    channel.openWidget("s", sliderState(10, { min: -10, max: 30 }));
    channel.openWidget("out", outputState());
    const children = ["IPY_MODEL_s", "IPY_MODEL_out"];
    channel.openWidget("box", controlState("VBox", { _dom_classes: ["widget-interact"], children }));
    channel.updateWidget("out", { msg_id: "run-1" });
    channel.iopub("stream", { name: "stdout", text: "20\n" }, "run-1");
    channel.updateWidget("out", { msg_id: "" });
    const host = newHost();
    await handle.render("box", host);
    await until(() => outputText(host, ".widget-interact .widget-output .cb-widget-output-text") === "20\n");
    expect(outputText(host, ".widget-interact .widget-slider .widget-readout")).toBe("10");
  });

  it("renders a widget displayed inside the Output widget", async () => {
    const { channel, host } = await setUp({ msg_id: "exec-1" });
    channel.openWidget("inner", controlState("Button", { description: "Inner" }));
    const view = { model_id: "inner", version_major: 2, version_minor: 0 };
    const data = { "application/vnd.jupyter.widget-view+json": view, "text/plain": "Button()" };
    channel.iopub("display_data", { data, metadata: {} }, "exec-1");
    const inner = await until(() => host.querySelector(".cb-widget-output-widget button"));
    expect(inner.textContent).toContain("Inner");
  });
});
