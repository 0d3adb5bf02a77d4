import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { ControlClient, ControlError } from "./controlClient";
import { FakeServer } from "./fakeSocket";
import { LiveProvider } from "./provider";

let provider: LiveProvider | null = null;

function setup(timeoutMs = 1000) {
  const server = new FakeServer();
  provider = new LiveProvider({ url: "ws://x", doc: new Y.Doc(), createSocket: server.factory });
  server.openAll();
  const control = new ControlClient(provider, timeoutMs);
  return { server, control };
}

afterEach(() => {
  provider?.destroy();
  provider?.awareness.destroy();
  vi.useRealTimers();
});

describe("ControlClient", () => {
  it("matches replies to requests by id", async () => {
    const { server, control } = setup();
    server.textHandler = (socket, text) => {
      const req = JSON.parse(text) as { id: string; code: string };
      socket.deliver(JSON.stringify({ type: "reply", id: req.id, ok: true, result: { matches: [req.code + "nt"] } }));
    };
    await expect(control.request({ type: "complete", code: "pri", cursor_pos: 3 })).resolves.toEqual({
      matches: ["print"],
    });
  });

  it("rejects with the server's error", async () => {
    const { server, control } = setup();
    server.textHandler = (socket, text) => {
      const { id } = JSON.parse(text) as { id: string };
      socket.deliver(JSON.stringify({ type: "reply", id, ok: false, error: { code: "no_runtime", message: "No runtime." } }));
    };
    const error = await control.request({ type: "interrupt" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    expect((error as ControlError).code).toBe("no_runtime");
  });

  it("times out when no reply comes", async () => {
    vi.useFakeTimers();
    const { control } = setup(50);
    const result = control.request({ type: "restart" }).catch((e: unknown) => (e as ControlError).code);
    vi.advanceTimersByTime(60);
    await expect(result).resolves.toBe("timeout");
  });

  it("fails pending requests when the socket drops", async () => {
    const { server, control } = setup();
    const result = control.request({ type: "interrupt" }).catch((e: unknown) => (e as ControlError).code);
    [...server.sockets][0]?.drop();
    await expect(result).resolves.toBe("disconnected");
    await expect(control.request({ type: "interrupt" })).rejects.toMatchObject({ code: "disconnected" });
  });

  it("reports server errors that match no request", () => {
    const { server, control } = setup();
    const codes: string[] = [];
    control.onError((e) => codes.push(e.code));
    [...server.sockets][0]?.deliver(JSON.stringify({ type: "error", error: { code: "invalid_message", message: "Bad." } }));
    expect(codes).toEqual(["invalid_message"]);
  });

  it("relays kernel messages both ways (KernelChannel)", () => {
    const { server, control } = setup();
    const received: string[] = [];
    control.onMessage((msg) => received.push(`${msg.channel}:${msg.header.msg_type}`));
    control.send({ header: { msg_id: "m1", msg_type: "comm_info_request" }, content: {} });
    const socket = [...server.sockets][0];
    expect(JSON.parse(socket?.sentText[0] ?? "{}")).toMatchObject({ type: "kernel", msg: { header: { msg_id: "m1" } } });
    socket?.deliver(
      JSON.stringify({
        type: "kernel",
        channel: "iopub",
        msg: { header: { msg_id: "k", msg_type: "comm_open" }, parent_header: {}, metadata: {}, content: {}, buffers: [] },
      }),
    );
    expect(received).toEqual(["iopub:comm_open"]);
    expect(control.connected).toBe(true);
  });
});
