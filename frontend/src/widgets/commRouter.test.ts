import { afterEach, describe, expect, it, vi } from "vitest";
import { CommRouter } from "./commRouter";
import { FakeKernelChannel } from "./fakeKernelChannel";
import type { DecodedMessage } from "./messages";

let router: CommRouter | null = null;
afterEach(() => router?.dispose());

function live(channel: FakeKernelChannel): CommRouter {
  router = new CommRouter(channel);
  void router.release();
  return router;
}

describe("CommRouter", () => {
  it("sends comm messages with base64 buffers and returns the msg_id it used", () => {
    const channel = new FakeKernelChannel();
    const comm = live(channel).createComm("jupyter.widget", "c1");
    const buffers = [new Uint8Array([1, 2, 3])];
    const msgId = comm.send({ method: "update", state: { value: 1 } }, undefined, { m: 1 }, buffers);
    expect(channel.sent).toEqual([
      {
        header: { msg_id: msgId, msg_type: "comm_msg" },
        content: { comm_id: "c1", data: { method: "update", state: { value: 1 } } },
        metadata: { m: 1 },
        buffers: ["AQID"],
      },
    ]);
  });

  it("opens and closes comms for their target", () => {
    const channel = new FakeKernelChannel();
    const comm = live(channel).createComm("jupyter.widget.control", "ctl");
    const closed = vi.fn();
    comm.on_close(closed);
    comm.open({}, undefined, { version: "1.0.0" });
    comm.close();
    expect(channel.sent.map((m) => [m.header.msg_type, m.content])).toEqual([
      ["comm_open", { comm_id: "ctl", target_name: "jupyter.widget.control", data: {} }],
      ["comm_close", { comm_id: "ctl", data: {} }],
    ]);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it("routes the kernel's comm messages, with decoded buffers, to their comm", () => {
    const channel = new FakeKernelChannel();
    const comm = live(channel).createComm("jupyter.widget", "c1");
    const received: DecodedMessage[] = [];
    comm.on_msg((msg) => received.push(msg));
    channel.iopub("comm_msg", { comm_id: "c1", data: { method: "update" } }, undefined, ["AQID"]);
    channel.iopub("comm_msg", { comm_id: "c2", data: { method: "update" } });
    expect(received).toHaveLength(1);
    expect(Array.from(new Uint8Array(received[0]!.buffers[0]!.buffer))).toEqual([1, 2, 3]);
  });

  it("keeps messages that come before the comm has a handler", () => {
    const channel = new FakeKernelChannel();
    const comm = live(channel).createComm("jupyter.widget", "c1");
    channel.iopub("comm_msg", { comm_id: "c1", data: { n: 1 } });
    channel.iopub("comm_close", { comm_id: "c1", data: {} });
    const received: unknown[] = [];
    comm.on_msg((msg) => received.push(msg.content.data));
    const closed = vi.fn();
    comm.on_close(closed);
    expect(received).toEqual([{ n: 1 }]);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it("creates comms for the kernel's comm_open on a registered target", () => {
    const channel = new FakeKernelChannel();
    const opened = vi.fn();
    live(channel).registerTarget("jupyter.widget", opened);
    channel.iopub("comm_open", { comm_id: "k1", target_name: "jupyter.widget", data: {} });
    channel.iopub("comm_open", { comm_id: "k2", target_name: "unknown", data: {} });
    expect(opened).toHaveBeenCalledTimes(1);
    expect(opened.mock.calls[0]?.[0]).toMatchObject({ comm_id: "k1", target_name: "jupyter.widget" });
  });

  it("holds widget comms until released and drops unrelated traffic", async () => {
    const channel = new FakeKernelChannel();
    router = new CommRouter(channel);
    const opened = vi.fn();
    const widgetOpened = vi.fn();
    router.registerTarget("jupyter.widget", (comm) => {
      opened(comm.comm_id);
      comm.on_msg((msg) => {
        opened(msg.content.data);
      });
    });
    router.onWidgetCommOpen(widgetOpened);
    channel.iopub("comm_msg", { comm_id: "before", data: "dropped" });
    channel.iopub("comm_open", { comm_id: "w", target_name: "jupyter.widget", data: {} });
    channel.iopub("comm_msg", { comm_id: "w", data: "kept" });
    expect(widgetOpened).toHaveBeenCalledTimes(1);
    expect(opened).not.toHaveBeenCalled();
    await router.release();
    expect(opened.mock.calls).toEqual([["w"], ["kept"]]);
  });

  it("resolves a request with the kernel's reply to it", async () => {
    const channel = new FakeKernelChannel();
    channel.commInfo = { a: { target_name: "jupyter.widget" } };
    const reply = await live(channel).request("comm_info_request", { target_name: "jupyter.widget" }, 1000);
    expect(reply.content.comms).toEqual({ a: { target_name: "jupyter.widget" } });
  });

  it("rejects a request while the socket is closed", async () => {
    const channel = new FakeKernelChannel();
    channel.connected = false;
    await expect(live(channel).request("comm_info_request", {}, 1000)).rejects.toThrow(/not connected/);
  });

  it("hands captured outputs to Output widgets", () => {
    const channel = new FakeKernelChannel();
    const outputs = vi.fn();
    live(channel).onCapturedOutput((msg) => {
      outputs(msg.header.msg_type, msg.parent_header.msg_id);
    });
    channel.iopub("stream", { name: "stdout", text: "x" }, "exec-1");
    channel.iopub("status", { execution_state: "idle" }, "exec-1");
    expect(outputs.mock.calls).toEqual([["stream", "exec-1"]]);
  });
});
