import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { CellPresence } from "./CellPresence";
import { othersOnCell, useShareSelectedCell } from "./cellPresence";

const made: Awareness[] = [];
function person(name: string, color: string): Awareness {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalStateField("user", { name, color, colorLight: `${color}33` });
  made.push(awareness);
  return awareness;
}
const relay = (from: Awareness, to: Awareness) => applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), "remote");

afterEach(() => {
  for (const a of made.splice(0)) a.destroy();
});

describe("cell presence", () => {
  it("frames the cell another person is on, in their colour, and follows them", () => {
    const me = person("Me", "#188038");
    const ada = person("Ada", "#d93025");
    ada.setLocalStateField("cell", "c1");
    me.setLocalStateField("cell", "c1"); // I am not shown to myself
    act(() => relay(ada, me));
    render(
      <>
        <CellPresence awareness={me} cellId="c1" />
        <CellPresence awareness={me} cellId="c2" />
      </>,
    );
    const frame = screen.getByLabelText("Also here: Ada");
    expect(frame.style.borderColor).toBe("rgb(217, 48, 37)");
    act(() => {
      ada.setLocalStateField("cell", "c2");
      relay(ada, me);
    });
    expect(screen.getAllByLabelText("Also here: Ada")).toHaveLength(1);
    expect(othersOnCell(me, "c1")).toEqual([]);
    expect(othersOnCell(me, "c2").map((u) => u.name)).toEqual(["Ada"]);
  });

  it("shares my selected cell as it changes", () => {
    const me = person("Me", "#188038");
    let active: string | null = "c1";
    const listeners = new Set<() => void>();
    const selection = { subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)), getSnapshot: () => ({ activeId: active }) };
    function Probe() {
      useShareSelectedCell(me, selection);
      return null;
    }
    render(<Probe />);
    expect(me.getLocalState()?.cell).toBe("c1");
    active = "c3";
    act(() => listeners.forEach((l) => l()));
    expect(me.getLocalState()?.cell).toBe("c3");
  });
});
