import { fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RuntimeImage } from "./api";
import { RuntimeEnvironmentDialog } from "./RuntimeEnvironmentDialog";
import { stubFetch } from "./testing";

function image(change: Partial<RuntimeImage>): RuntimeImage {
  return {
    name: "standard",
    state: "ready",
    progress: null,
    percent: null,
    error: null,
    version: "2ed3751e7a79c9dd",
    python: "3.11.7",
    packages: [
      { name: "numpy", version: "2.3.1" },
      { name: "pandas", version: "2.3.0" },
    ],
    size_bytes: 781_000_000,
    built_at: "2026-12-06T16:01:40Z",
    versions: ["2ed3751e7a79c9dd"],
    runtime_types: ["cpu", "cpu-highram"],
    ...change,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("RuntimeEnvironmentDialog", () => {
  it("lists the packages of the image of the notebook's runtime type, with a filter", async () => {
    const ml = image({ name: "ml", runtime_types: ["gpu"], packages: [{ name: "torch", version: "2.9.1" }] });
    const calls = stubFetch({ "GET /api/runtime-images": [image({}), ml] });
    const onClose = vi.fn();
    render(<RuntimeEnvironmentDialog runtimeType="gpu" onClose={onClose} />);
    const dialog = await screen.findByRole("dialog", { name: "Runtime environment" });
    const table = await within(dialog).findByRole("table", { name: "Packages of ml" });
    expect(within(table).getByRole("row", { name: "torch 2.9.1" })).toBeTruthy();
    expect(dialog.textContent).toContain("Python 3.11.7 · version 2ed3751e7a79c9dd · 781 MB");
    expect(calls.map((c) => c.url)).toEqual(["/api/runtime-images"]);
    fireEvent.change(within(dialog).getByRole("searchbox", { name: "Filter packages" }), { target: { value: "numpy" } });
    expect(within(table).queryByRole("row", { name: "torch 2.9.1" })).toBeNull();
    fireEvent.click(within(dialog).getByText("Close", { selector: "button" }));
    expect(onClose).toHaveBeenCalled();
  });

  it("says when the image is not built yet or being built", async () => {
    stubFetch({ "GET /api/runtime-images": [image({ state: "absent", packages: [], python: null, version: null })] });
    const { unmount } = render(<RuntimeEnvironmentDialog runtimeType="cpu" onClose={() => {}} />);
    expect(await screen.findByText("Not built yet: the first runtime of this type builds it.")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
    unmount();
    stubFetch({ "GET /api/runtime-images": [image({ state: "building", percent: 40, progress: "Downloaded 3 of 9 files" })] });
    render(<RuntimeEnvironmentDialog runtimeType="cpu" onClose={() => {}} />);
    expect(await screen.findByText("Being built (40%): Downloaded 3 of 9 files.")).toBeTruthy();
  });

  it("says so when no image serves the runtime type", async () => {
    stubFetch({ "GET /api/runtime-images": [] });
    render(<RuntimeEnvironmentDialog runtimeType="cpu" onClose={() => {}} />);
    expect(await screen.findByText(/cannot list their packages/)).toBeTruthy();
  });
});
