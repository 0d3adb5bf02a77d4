import { describe, expect, it } from "vitest";
import { AckTracker } from "./ackTracker";

describe("AckTracker", () => {
  it("keeps one acknowledgement request in flight and asks again for later changes", () => {
    const acks = new AckTracker();
    expect(acks.pending).toBe(false);
    acks.changed();
    expect(acks.shouldRequest).toBe(true);
    acks.requested();
    acks.changed();
    expect(acks.shouldRequest).toBe(false);
    expect(acks.pending).toBe(true);
    acks.answered();
    expect(acks.shouldRequest).toBe(true);
    acks.requested();
    acks.answered();
    expect(acks.pending).toBe(false);
  });

  it("treats what was in flight at a disconnect as not saved", () => {
    const acks = new AckTracker();
    acks.changed();
    acks.requested();
    acks.disconnected();
    expect(acks.pending).toBe(true);
    expect(acks.shouldRequest).toBe(true);
  });
});
