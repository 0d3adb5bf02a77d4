import { fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RuntimeImage } from "../runtime/api";
import { stubFetch } from "../runtime/testing";
import { CompareEnvironmentsDialog } from "./CompareEnvironmentsDialog";
import { machineSource } from "./localPackages";

function image(change: Partial<RuntimeImage>): RuntimeImage {
  return {
    name: "standard",
    state: "ready",
    progress: null,
    percent: null,
    error: null,
    version: "v1",
    python: "3.11.7",
    packages: [
      { name: "numpy", version: "2.3.1" },
      { name: "hostedonly", version: "1.0.0" },
      { name: "tqdm", version: "4.67.1" },
    ],
    size_bytes: null,
    built_at: null,
    versions: ["v1"],
    runtime_types: ["cpu"],
    ...change,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("CompareEnvironmentsDialog", () => {
  it("lists what only one side has and what differs, with the pip line that aligns the local one", async () => {
    const ml = image({ name: "ml", runtime_types: ["gpu"], packages: [{ name: "torch", version: "2.9.1" }] });
    const calls = stubFetch({
      "GET /api/runtime-images": [image({}), ml],
      "GET /api/machines/machine-laptop/packages": [
        { name: "numpy", version: "1.26.4" },
        { name: "tqdm", version: "4.67.1" },
        { name: "fastapi", version: "0.115.0" },
      ],
    });
    render(<CompareEnvironmentsDialog hostedType="cpu" local={machineSource("machine-laptop")} onClose={vi.fn()} />);
    const dialog = await screen.findByRole("dialog", { name: "Compare runtime environments" });
    const table = await within(dialog).findByRole("table", { name: "Package differences" });
    expect(within(table).getByRole("row", { name: "hostedonly 1.0.0 — Only hosted" })).toBeTruthy();
    expect(within(table).getByRole("row", { name: "fastapi — 0.115.0 Only local" })).toBeTruthy();
    expect(within(table).getByRole("row", { name: "numpy 2.3.1 1.26.4 Different" })).toBeTruthy();
    expect(within(table).queryByRole("row", { name: /tqdm/ })).toBeNull();
    const order = within(table).getAllByRole("row").slice(1).map((row) => row.firstElementChild?.textContent);
    expect(order).toEqual(["hostedonly", "numpy", "fastapi"]); // what the local one lacks first
    expect(dialog.textContent).toContain("1 only in the hosted runtime · 1 only local · 1 different · 1 the same");
    expect(dialog.textContent).toContain('pip install "hostedonly==1.0.0" "numpy==2.3.1"');
    expect(dialog.textContent).toContain("compared with your machine (laptop)");
    fireEvent.click(within(dialog).getByRole("checkbox", { name: "Show packages that are the same" }));
    expect(within(table).getByRole("row", { name: "tqdm 4.67.1 4.67.1 Same" })).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText("Hosted runtime image"), { target: { value: "ml" } });
    expect(await within(dialog).findByRole("row", { name: "torch 2.9.1 — Only hosted" })).toBeTruthy();
    expect(calls.map((c) => c.url).sort()).toEqual(["/api/machines/machine-laptop/packages", "/api/runtime-images"]);
  });

  it("says how to connect a local runtime when none is", async () => {
    stubFetch({ "GET /api/runtime-images": [image({})] });
    render(<CompareEnvironmentsDialog hostedType="cpu" local={null} onClose={vi.fn()} />);
    const dialog = await screen.findByRole("dialog", { name: "Compare runtime environments" });
    expect(dialog.textContent).toContain("No local runtime is connected");
    expect(dialog.textContent).toContain("collaboratory connect");
  });

  it("shows the service's error when the machine cannot answer", async () => {
    const away = new Response(JSON.stringify({ error: { code: "conflict", message: "Your machine 'laptop' is not connected now." } }), {
      status: 409,
      headers: { "Content-Type": "application/json" },
    });
    stubFetch({ "GET /api/runtime-images": [image({})], "GET /api/machines/machine-laptop/packages": away });
    render(<CompareEnvironmentsDialog hostedType="cpu" local={machineSource("machine-laptop")} onClose={vi.fn()} />);
    expect((await screen.findByRole("alert")).textContent).toContain("is not connected now");
  });
});
