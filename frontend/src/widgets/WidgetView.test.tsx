import { act, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { WidgetManagerHandle } from "./createWidgetManager";
import { MODEL_GONE_TEXT, WidgetView } from "./WidgetView";

function fakeManager(render: WidgetManagerHandle["render"]): WidgetManagerHandle {
  return { render: vi.fn(render), hasModel: () => true, dispose: vi.fn() };
}

describe("WidgetView", () => {
  it("renders the widget's view into its host and removes it on unmount", async () => {
    const removed = vi.fn();
    const manager = fakeManager(async (modelId, into) => {
      const slider = document.createElement("input");
      slider.type = "range";
      slider.setAttribute("aria-label", modelId);
      into.appendChild(slider);
      return removed;
    });
    const { unmount, container } = render(<WidgetView manager={manager} modelId="m1" />);
    expect(await screen.findByLabelText("m1")).toBeTruthy();
    await waitFor(() => expect(container.querySelector("[data-widget-status='shown']")).not.toBeNull());
    expect(screen.queryByText(MODEL_GONE_TEXT)).toBeNull();
    unmount();
    expect(removed).toHaveBeenCalledTimes(1);
  });

  it("says the model is gone when the manager does not know it", async () => {
    const manager = fakeManager(() => Promise.reject(new Error("gone")));
    render(<WidgetView manager={manager} modelId="m1" />);
    expect(await screen.findByText(MODEL_GONE_TEXT)).toBeTruthy();
  });

  it("renders again when the notebook moves to another kernel", async () => {
    let switched: () => void = () => undefined;
    let known = false;
    const manager: WidgetManagerHandle = {
      ...fakeManager(async (modelId, into) => {
        if (!known) throw new Error("gone");
        into.appendChild(document.createElement("div")).setAttribute("aria-label", modelId);
        return () => undefined;
      }),
      onSwitch: (listener) => {
        switched = listener;
        return () => undefined;
      },
    };
    render(<WidgetView manager={manager} modelId="m1" />);
    expect(await screen.findByText(MODEL_GONE_TEXT)).toBeTruthy();
    known = true;
    act(() => switched());
    expect(await screen.findByLabelText("m1")).toBeTruthy();
    expect(manager.render).toHaveBeenCalledTimes(2);
    expect(screen.queryByText(MODEL_GONE_TEXT)).toBeNull();
  });

  it("says the model is gone without a manager", () => {
    render(<WidgetView manager={null} modelId="m1" />);
    expect(screen.getByText(MODEL_GONE_TEXT)).toBeTruthy();
  });

  it("says the model is gone once the kernel closes the widget", async () => {
    let host: HTMLElement | null = null;
    const manager = fakeManager(async (_id, into) => {
      host = into;
      into.appendChild(document.createElement("span"));
      return () => undefined;
    });
    render(<WidgetView manager={manager} modelId="m1" />);
    await waitFor(() => expect(host?.childElementCount).toBe(1));
    await act(async () => host?.replaceChildren());
    expect(await screen.findByText(MODEL_GONE_TEXT)).toBeTruthy();
  });
});
