import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LONG_OUTPUT_PX, ScrolledOutputs } from "./ScrolledOutputs";

// jsdom lays nothing out: a ResizeObserver we can trigger, and heights we set.
let observed: (() => void) | null = null;
class TestResizeObserver {
  constructor(callback: () => void) {
    observed = callback;
  }
  observe() {}
  disconnect() {}
}

function setHeight(element: Element, height: number) {
  Object.defineProperty(element, "offsetHeight", { configurable: true, value: height });
}

describe("ScrolledOutputs", () => {
  beforeEach(() => vi.stubGlobal("ResizeObserver", TestResizeObserver));
  afterEach(() => vi.unstubAllGlobals());

  function renderOutput(running: boolean) {
    const view = render(
      <ScrolledOutputs running={running}>
        <pre data-testid="text">lines</pre>
      </ScrolledOutputs>,
    );
    const content = screen.getByTestId("text").parentElement!;
    const box = content.parentElement!;
    return { ...view, content, box };
  }

  it("leaves a short output as it is", () => {
    const { content, box } = renderOutput(false);
    setHeight(content, 200);
    act(() => observed?.());
    expect(box.classList.contains("scrolled")).toBe(false);
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("boxes a long output, which its button shows whole and boxes again", () => {
    const { content, box } = renderOutput(false);
    setHeight(content, LONG_OUTPUT_PX + 1);
    act(() => observed?.());
    expect(box.classList.contains("scrolled")).toBe(true);
    expect(screen.getByRole("region", { name: "Output (scrolls)" })).toBe(box);
    fireEvent.click(screen.getByRole("button", { name: "Show the whole output" }));
    expect(box.classList.contains("scrolled")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Scroll the output in a box" }));
    expect(box.classList.contains("scrolled")).toBe(true);
  });

  it("follows the newest lines of a running cell until its reader scrolls up", () => {
    const { content, box } = renderOutput(true);
    setHeight(content, 2000);
    Object.defineProperty(box, "scrollHeight", { configurable: true, value: 2000 });
    Object.defineProperty(box, "clientHeight", { configurable: true, value: 480 });
    act(() => observed?.());
    expect(box.scrollTop).toBe(2000);
    box.scrollTop = 100; // the reader scrolls up
    fireEvent.scroll(box);
    Object.defineProperty(box, "scrollHeight", { configurable: true, value: 2400 });
    act(() => observed?.());
    expect(box.scrollTop).toBe(100);
  });
});
