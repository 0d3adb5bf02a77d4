import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ManageSessionsDialog } from "./ManageSessionsDialog";
import { fakeRuntime, fakeSample, stubFetch } from "./testing";

afterEach(() => vi.unstubAllGlobals());

describe("ManageSessionsDialog", () => {
  it("lists my runtimes with their notebook and terminates one", async () => {
    const gpu = fakeRuntime({ id: "rt2", notebook_id: "nb2", runtime_type: "gpu", state: "queued", queue_position: 2 });
    const calls = stubFetch({
      "GET /api/runtimes": [fakeRuntime(), gpu],
      "GET /api/drive/items/nb1": { id: "nb1", name: "Analysis.ipynb" },
      "GET /api/drive/items/nb2": { id: "nb2", name: "Training.ipynb" },
      "GET /api/runtimes/rt1/usage": fakeSample({ memory_bytes: 2_000_000_000 }),
      "DELETE /api/runtimes/rt2": undefined,
    });
    render(<ManageSessionsDialog onClose={vi.fn()} />);
    expect(screen.getByRole("dialog", { name: "Active sessions" })).toBeTruthy();
    const row = (await screen.findByText("Training.ipynb")).closest("tr")!;
    expect(row.textContent).toContain("queued (#2)");
    expect(screen.getByText("Analysis.ipynb").closest("tr")!.textContent).toContain("2.00 GB");
    fireEvent.click(screen.getByRole("button", { name: "Terminate Training.ipynb" }));
    await waitFor(() => expect(screen.queryByText("Training.ipynb")).toBeNull());
    expect(calls.some((c) => c.method === "DELETE" && c.url === "/api/runtimes/rt2")).toBe(true);
  });

  it("says when nothing runs", async () => {
    stubFetch({ "GET /api/runtimes": [] });
    render(<ManageSessionsDialog onClose={vi.fn()} />);
    expect(await screen.findByText("No runtimes are running.")).toBeTruthy();
  });
});
