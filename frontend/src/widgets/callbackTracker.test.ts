import { afterEach, describe, expect, it, vi } from "vitest";
import { CallbackTracker } from "./callbackTracker";
import type { DecodedMessage } from "./messages";

function message(msgType: string, parentId: string, content: Record<string, unknown> = {}): DecodedMessage {
  return {
    header: { msg_id: `k-${msgType}`, msg_type: msgType },
    parent_header: { msg_id: parentId },
    metadata: {},
    content,
    buffers: [],
    channel: "iopub",
  };
}

const states = (status: ReturnType<typeof vi.fn>) =>
  status.mock.calls.map(([msg]) => (msg as DecodedMessage).content.execution_state);

afterEach(() => vi.useRealTimers());

describe("CallbackTracker", () => {
  it("passes the kernel's status messages and finishes on idle, once", () => {
    const tracker = new CallbackTracker();
    const status = vi.fn();
    tracker.track("m1", { iopub: { status } });
    tracker.handle(message("status", "m1", { execution_state: "busy" }));
    tracker.handle(message("status", "m1", { execution_state: "idle" }));
    tracker.handle(message("status", "m1", { execution_state: "idle" }));
    expect(states(status)).toEqual(["busy", "idle"]);
    expect(tracker.pendingCount).toBe(0);
    tracker.dispose();
  });

  it("reports idle shortly after the kernel echoes the message when no status is relayed", () => {
    vi.useFakeTimers();
    const tracker = new CallbackTracker();
    const status = vi.fn();
    tracker.track("m1", { iopub: { status } });
    tracker.handle(message("comm_msg", "m1", { data: { method: "echo_update" } }));
    expect(status).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(states(status)).toEqual(["idle"]);
  });

  it("reports idle after a fallback delay when the kernel says nothing", () => {
    vi.useFakeTimers();
    const tracker = new CallbackTracker(1500);
    const status = vi.fn();
    tracker.track("m1", { iopub: { status } });
    vi.advanceTimersByTime(1499);
    expect(status).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(states(status)).toEqual(["idle"]);
  });

  it("calls shell reply and output callbacks, and ignores untracked messages", () => {
    const tracker = new CallbackTracker();
    const reply = vi.fn();
    const output = vi.fn();
    tracker.track("m1", { shell: { reply }, iopub: { output } });
    tracker.handle({ ...message("comm_info_reply", "m1"), channel: "shell" });
    tracker.handle(message("stream", "m1"));
    tracker.handle(message("stream", "other"));
    expect(reply).toHaveBeenCalledTimes(1);
    expect(output).toHaveBeenCalledTimes(1);
    tracker.dispose();
  });
});
