import { describe, expect, it } from "vitest";
import { accessFrameRole, mayComment, mayEdit } from "./access";

describe("access frames", () => {
  it("reads the role of an access frame", () => {
    expect(accessFrameRole('{"type":"access","role":"viewer"}')).toBe("viewer");
    expect(accessFrameRole('{"type":"access","role":"editor"}')).toBe("editor");
  });

  it("ignores other frames and nonsense", () => {
    expect(accessFrameRole('{"type":"reply","id":"r1","ok":true}')).toBeNull();
    expect(accessFrameRole('{"type":"access","role":"root"}')).toBeNull();
    expect(accessFrameRole("not json")).toBeNull();
    expect(accessFrameRole("null")).toBeNull();
  });

  it("lets owners and editors edit, everyone but viewers comment", () => {
    expect([mayEdit("owner"), mayEdit("editor"), mayEdit("commenter"), mayEdit("viewer")]).toEqual([true, true, false, false]);
    expect([mayComment("editor"), mayComment("commenter"), mayComment("viewer")]).toEqual([true, true, false]);
  });
});
