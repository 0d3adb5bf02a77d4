import { YNotebook } from "@jupyter/ydoc";
import { describe, expect, it, vi } from "vitest";
import type { JupyterMessage } from "../live/protocol";
import type { KernelMessage, SendOptions } from "./jupyterClient";
import { LocalRunner, type RunnerKernel } from "./localRunner";
import { LocalWidgetChannel, type WidgetKernel } from "./localWidgetChannel";
import { OutputCaptures } from "./outputCaptures";
import type { LocalProtocol } from "./transport";

interface Sent {
  channel: string;
  msgType: string;
  content: Record<string, unknown>;
  options: SendOptions;
  msgId: string;
}

/** A local kernel played by the test: records what is sent; `emit` delivers a kernel message. */
class ScriptedKernel implements WidgetKernel, RunnerKernel {
  readonly sent: Sent[] = [];
  connected = true;
  private readonly listeners = new Set<(message: KernelMessage) => void>();
  private next = 0;

  constructor(readonly protocol: LocalProtocol = "rest") {}

  subscribe(listener: (message: KernelMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(channel: KernelMessage["channel"], msgType: string, content: Record<string, unknown>, options: SendOptions = {}): string {
    const msgId = options.msgId ?? `local-${this.next++}`;
    this.sent.push({ channel, msgType, content, options, msgId });
    return msgId;
  }

  request(): Promise<KernelMessage> {
    return Promise.reject(new Error("not scripted"));
  }

  interrupt(): Promise<unknown> {
    return Promise.resolve(null);
  }

  restart(): Promise<unknown> {
    return Promise.resolve(null);
  }

  emit(channel: KernelMessage["channel"], msgType: string, content: Record<string, unknown>, parent?: string, buffers: DataView[] = []): void {
    const message: KernelMessage = {
      header: { msg_id: `k-${this.next++}`, msg_type: msgType, session: "s", username: "u", date: "", version: "5.3" },
      parent_header: parent ? { msg_id: parent } : {},
      metadata: {},
      content,
      channel,
      buffers,
    };
    for (const listener of [...this.listeners]) listener(message);
  }
}

function channelOn(kernel: ScriptedKernel, captures = new OutputCaptures()) {
  const channel = new LocalWidgetChannel(kernel, captures);
  const received: JupyterMessage[] = [];
  channel.onMessage((msg) => received.push(msg));
  return { channel, received, types: () => received.map((m) => m.header.msg_type) };
}

const outputWidget = (msgId: string) => ({ comm_id: "out", target_name: "jupyter.widget", data: { state: { _model_name: "OutputModel", msg_id: msgId } } });

describe("LocalWidgetChannel", () => {
  it("hands every comm message of the kernel to the widget manager, and no other cell's output", () => {
    const kernel = new ScriptedKernel();
    const { received, types } = channelOn(kernel);
    kernel.emit("iopub", "comm_open", { comm_id: "w", target_name: "jupyter.widget", data: {} }, "cell-run");
    kernel.emit("iopub", "comm_msg", { comm_id: "w", data: { method: "update", state: { value: 4 } } }, "cell-run");
    kernel.emit("iopub", "stream", { name: "stdout", text: "hi" }, "cell-run");
    kernel.emit("iopub", "status", { execution_state: "idle" }, "cell-run");
    kernel.emit("iopub", "comm_close", { comm_id: "w", data: {} });
    expect(types()).toEqual(["comm_open", "comm_msg", "comm_close"]);
    expect(received[0]?.channel).toBe("iopub");
  });

  it("sends the manager's comm messages to the kernel's shell with their own msg_id, and routes the answers back", () => {
    const kernel = new ScriptedKernel();
    const { channel, types } = channelOn(kernel);
    channel.send({ header: { msg_id: "m1", msg_type: "comm_msg" }, content: { comm_id: "w", data: { method: "update", state: { value: 7 } } }, metadata: { v: 1 } });
    expect(kernel.sent).toEqual([
      { channel: "shell", msgType: "comm_msg", content: { comm_id: "w", data: { method: "update", state: { value: 7 } } }, options: { msgId: "m1", metadata: { v: 1 }, buffers: [] }, msgId: "m1" },
    ]);
    channel.send({ header: { msg_id: "info", msg_type: "comm_info_request" }, content: { target_name: "jupyter.widget" } });
    kernel.emit("iopub", "status", { execution_state: "busy" }, "m1");
    kernel.emit("iopub", "stream", { name: "stdout", text: "clicked\n" }, "m1");
    kernel.emit("shell", "comm_info_reply", { comms: {} }, "info");
    kernel.emit("iopub", "status", { execution_state: "idle" }, "m1");
    kernel.emit("shell", "execute_reply", { status: "ok" }, "someone-elses");
    expect(types()).toEqual(["status", "stream", "comm_info_reply", "status"]);
  });

  it("carries binary buffers both ways as the relay does (base64 to the manager)", () => {
    const kernel = new ScriptedKernel("rest");
    const { channel, received } = channelOn(kernel);
    kernel.emit("iopub", "comm_msg", { comm_id: "w", data: {} }, undefined, [new DataView(new Uint8Array([1, 2, 3]).buffer)]);
    expect(received[0]?.buffers).toEqual(["AQID"]);
    channel.send({ header: { msg_id: "b", msg_type: "comm_msg" }, content: { comm_id: "w", data: {} }, buffers: ["AQID"] });
    const sent = kernel.sent[0]!.options.buffers![0]!;
    expect(Array.from(new Uint8Array(sent.buffer, sent.byteOffset, sent.byteLength))).toEqual([1, 2, 3]);
  });

  it("sends no binary over jupyter_http_over_ws, which would break the kernel's channels", () => {
    const kernel = new ScriptedKernel("http-over-ws");
    const { channel } = channelOn(kernel);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    channel.send({ header: { msg_id: "b", msg_type: "comm_msg" }, content: { comm_id: "w", data: {} }, buffers: ["AQID"] });
    expect(kernel.sent[0]?.options.buffers).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it("drops sends while the kernel's channels are closed, and stops listening when disposed", () => {
    const kernel = new ScriptedKernel();
    const { channel, received } = channelOn(kernel);
    kernel.connected = false;
    expect(channel.connected).toBe(false);
    channel.send({ header: { msg_id: "x", msg_type: "comm_msg" }, content: {} });
    expect(kernel.sent).toEqual([]);
    channel.dispose();
    kernel.emit("iopub", "comm_open", { comm_id: "w", target_name: "jupyter.widget", data: {} });
    expect(received).toEqual([]);
  });

  it("gives an Output widget the outputs it captures, and only while it captures", () => {
    const kernel = new ScriptedKernel();
    const { types } = channelOn(kernel);
    kernel.emit("iopub", "comm_open", outputWidget(""), "run-1");
    kernel.emit("iopub", "stream", { name: "stdout", text: "before" }, "run-1");
    kernel.emit("iopub", "comm_msg", { comm_id: "out", data: { method: "update", state: { msg_id: "run-1" } } }, "run-1");
    kernel.emit("iopub", "stream", { name: "stdout", text: "inside" }, "run-1");
    kernel.emit("iopub", "comm_msg", { comm_id: "out", data: { method: "update", state: { layout: "x" } } }, "run-1");
    kernel.emit("iopub", "display_data", { data: {} }, "run-1");
    kernel.emit("iopub", "comm_msg", { comm_id: "out", data: { method: "update", state: { msg_id: "" } } }, "run-1");
    kernel.emit("iopub", "stream", { name: "stdout", text: "after" }, "run-1");
    expect(types()).toEqual(["comm_open", "comm_msg", "stream", "comm_msg", "display_data", "comm_msg"]);
  });
});

describe("LocalRunner with an Output widget", () => {
  it("leaves the outputs the widget captures out of the cell", async () => {
    const model = new YNotebook();
    model.insertCells(0, [{ cell_type: "code", source: "with out: print('inside')", metadata: {}, outputs: [], execution_count: null }]);
    const cellId = model.cells[0]!.getId();
    const kernel = new ScriptedKernel();
    const captures = new OutputCaptures();
    channelOn(kernel, captures);
    const runner = new LocalRunner(model, kernel, "ada", captures);
    await runner.execute([cellId]);
    await vi.waitFor(() => expect(kernel.sent.some((s) => s.msgType === "execute_request")).toBe(true));
    const run = kernel.sent.find((s) => s.msgType === "execute_request")!.msgId;
    kernel.emit("iopub", "comm_open", outputWidget(""), run);
    kernel.emit("iopub", "stream", { name: "stdout", text: "shown\n" }, run);
    kernel.emit("iopub", "comm_msg", { comm_id: "out", data: { method: "update", state: { msg_id: run } } }, run);
    kernel.emit("iopub", "stream", { name: "stdout", text: "captured\n" }, run);
    kernel.emit("iopub", "comm_msg", { comm_id: "out", data: { method: "update", state: { msg_id: "" } } }, run);
    kernel.emit("shell", "execute_reply", { status: "ok" }, run);
    kernel.emit("iopub", "status", { execution_state: "idle" }, run);
    const outputs = model.cells[0]!.toJSON().outputs as { text: string }[];
    expect(outputs.map((o) => o.text)).toEqual(["shown\n"]);
  });
});
