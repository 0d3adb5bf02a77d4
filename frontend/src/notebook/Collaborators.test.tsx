import { render, screen } from "@testing-library/react";
import { act } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { Collaborators } from "./Collaborators";

const made: Awareness[] = [];
function awarenessOf(name: string): Awareness {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalStateField("user", { name, color: "#188038", colorLight: "#18803833" });
  made.push(awareness);
  return awareness;
}

afterEach(() => {
  for (const a of made.splice(0)) a.destroy();
});

describe("Collaborators", () => {
  it("shows the others editing, not oneself", () => {
    const mine = awarenessOf("Me");
    render(<Collaborators awareness={mine} />);
    expect(screen.queryByRole("list", { name: "Also editing" })).toBeNull();
    const theirs = awarenessOf("Ada");
    act(() => applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), "remote"));
    const avatar = screen.getByTitle("Ada");
    expect(avatar.textContent).toBe("A");
  });
});
