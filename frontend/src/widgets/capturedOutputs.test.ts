import { describe, expect, it } from "vitest";
import { applyCapturedMessage, type CaptureState } from "./capturedOutputs";
import type { DecodedMessage } from "./messages";

const msg = (msgType: string, content: Record<string, unknown>): DecodedMessage => ({
  header: { msg_id: "k", msg_type: msgType },
  parent_header: { msg_id: "exec" },
  metadata: {},
  content,
  buffers: [],
});

const empty: CaptureState = { outputs: [], clearPending: false };

describe("applyCapturedMessage", () => {
  it("merges consecutive text of one stream and keeps streams apart", () => {
    let state = applyCapturedMessage(empty, msg("stream", { name: "stdout", text: "a" }))!;
    state = applyCapturedMessage(state, msg("stream", { name: "stdout", text: "b" }))!;
    state = applyCapturedMessage(state, msg("stream", { name: "stderr", text: "c" }))!;
    expect(state.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "ab" },
      { output_type: "stream", name: "stderr", text: "c" },
    ]);
  });

  it("clears at once, or at the next output when asked to wait", () => {
    const full = applyCapturedMessage(empty, msg("display_data", { data: { "text/plain": "1" }, metadata: {} }))!;
    expect(applyCapturedMessage(full, msg("clear_output", { wait: false }))).toEqual(empty);
    const waiting = applyCapturedMessage(full, msg("clear_output", { wait: true }))!;
    expect(waiting.outputs).toBe(full.outputs);
    const result = { data: { "text/plain": "2" }, metadata: {}, execution_count: 3 };
    const next = applyCapturedMessage(waiting, msg("execute_result", result))!;
    expect(next).toEqual({
      outputs: [{ output_type: "execute_result", data: { "text/plain": "2" }, metadata: {}, execution_count: 3 }],
      clearPending: false,
    });
  });

  it("keeps errors and ignores messages that are not outputs", () => {
    const state = applyCapturedMessage(empty, msg("error", { ename: "E", evalue: "v", traceback: ["t"] }))!;
    expect(state.outputs).toEqual([{ output_type: "error", ename: "E", evalue: "v", traceback: ["t"] }]);
    expect(applyCapturedMessage(state, msg("status", { execution_state: "idle" }))).toBeNull();
  });
});
