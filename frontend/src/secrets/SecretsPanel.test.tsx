import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stubFetch } from "../runtime/testing";
import { AccessPrompt } from "./AccessPrompt";
import { SecretsPanel } from "./SecretsPanel";

afterEach(() => vi.unstubAllGlobals());

const secret = (name: string, access: boolean | null) => ({ name, updated_at: "2026-01-01T00:00:00Z", notebook_access: access });

describe("SecretsPanel", () => {
  it("lists the secrets masked, with this notebook's access, and toggles access", async () => {
    const calls = stubFetch({ "GET /api/secrets": [secret("API_KEY", false)], "PUT /api/secrets/API_KEY/access/nb1": undefined });
    render(<SecretsPanel notebookId="nb1" />);
    const toggle = await screen.findByRole("switch", { name: "Notebook access for API_KEY" });
    expect(toggle.getAttribute("aria-checked")).toBe("false");
    expect(calls[0]?.url).toBe("/api/secrets?notebook_id=nb1");
    const value = screen.getByLabelText<HTMLInputElement>("Value of API_KEY");
    expect([value.type, value.value]).toEqual(["password", ""]);
    stubFetch({ "GET /api/secrets": [secret("API_KEY", true)], "PUT /api/secrets/API_KEY/access/nb1": undefined });
    fireEvent.click(toggle);
    await waitFor(() => expect(screen.getByRole("switch", { name: "Notebook access for API_KEY" }).getAttribute("aria-checked")).toBe("true"));
  });

  it("reveals a value on demand, saves an edit, adds and deletes", async () => {
    const calls = stubFetch({
      "GET /api/secrets": [secret("API_KEY", null)],
      "GET /api/secrets/API_KEY": { name: "API_KEY", value: "s3cret" },
      "PUT /api/secrets/API_KEY": secret("API_KEY", null),
      "PUT /api/secrets/TOKEN": secret("TOKEN", null),
      "DELETE /api/secrets/API_KEY": undefined,
    });
    render(<SecretsPanel notebookId="nb1" />);
    fireEvent.click(await screen.findByRole("button", { name: "Show value of API_KEY" }));
    const value = screen.getByLabelText<HTMLInputElement>("Value of API_KEY");
    await waitFor(() => expect([value.type, value.value]).toEqual(["text", "s3cret"]));
    fireEvent.change(value, { target: { value: "new" } });
    fireEvent.keyDown(value, { key: "Enter" });
    await waitFor(() => expect(calls.some((c) => c.method === "PUT" && c.url === "/api/secrets/API_KEY" && c.body === '{"value":"new"}')).toBe(true));

    fireEvent.click(screen.getByRole("button", { name: "+ Add new secret" }));
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Add" }).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "TOKEN" } });
    fireEvent.change(screen.getByLabelText("Value"), { target: { value: "t" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PUT" && c.url === "/api/secrets/TOKEN")).toBe(true));

    fireEvent.click(screen.getByRole("button", { name: "Delete secret API_KEY" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
  });

  it("says what went wrong", async () => {
    stubFetch({ "GET /api/secrets": new Response(JSON.stringify({ error: { code: "x", message: "Not allowed." } }), { status: 403 }) });
    render(<SecretsPanel notebookId="nb1" />);
    expect((await screen.findByRole("alert")).textContent).toContain("Not allowed.");
  });
});

describe("AccessPrompt", () => {
  it("Grant gives the notebook access; Deny refuses it", async () => {
    const calls = stubFetch({ "PUT /api/secrets/API_KEY/access/nb1": undefined });
    const { unmount } = render(<AccessPrompt notebookId="nb1" secret="API_KEY" />);
    expect(screen.getByRole("alertdialog", { name: "Grant access?" }).textContent).toContain("API_KEY");
    fireEvent.click(screen.getByRole("button", { name: "Grant access" }));
    await waitFor(() => expect(calls[0]?.body).toBe('{"granted":true}'));
    unmount();
    render(<AccessPrompt notebookId="nb1" secret="API_KEY" />);
    fireEvent.click(screen.getByRole("button", { name: "Deny" }));
    await waitFor(() => expect(calls[1]?.body).toBe('{"granted":false}'));
  });

  it("shows a failed answer", async () => {
    stubFetch({});
    render(<AccessPrompt notebookId="nb1" secret="GONE" />);
    fireEvent.click(screen.getByRole("button", { name: "Grant access" }));
    expect((await screen.findByRole("alert")).textContent).toContain("No stub for");
  });
});
