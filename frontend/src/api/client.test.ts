import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiRequest, buildUrl, readCookie } from "./client";
import { ApiError, parseErrorBody } from "./errors";
import { driveApi } from "./endpoints";

type FetchArgs = [string, RequestInit];

function mockFetch(status: number, body: string, statusText = "") {
  const fn = vi.fn(async (..._args: FetchArgs) => new Response(status === 204 ? null : body, { status, statusText }));
  vi.stubGlobal("fetch", fn);
  return fn;
}

function headersOf(init: RequestInit): Record<string, string> {
  return init.headers as Record<string, string>;
}

function clearCookies() {
  for (const part of document.cookie.split(";")) {
    const name = part.split("=")[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

describe("api client", () => {
  beforeEach(() => {
    clearCookies();
    document.cookie = "other=1; path=/";
    document.cookie = "_xsrf=2|abc%7Cdef|123; path=/";
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    clearCookies();
  });

  it("reads a cookie by exact name and URL-decodes it", () => {
    expect(readCookie("_xsrf", "x_xsrf=no; _xsrf=a%7Cb; y=2")).toBe("a|b");
    expect(readCookie("missing", "a=1")).toBeNull();
  });

  it("sends the _xsrf cookie as X-XSRFToken on mutating requests, with same-origin credentials", async () => {
    const fetch = mockFetch(201, JSON.stringify({ id: "n1", kind: "notebook" }));
    const item = await driveApi.create("notebook", null);
    expect(item).toEqual({ id: "n1", kind: "notebook" });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("/api/drive/items");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    expect(headersOf(init)["X-XSRFToken"]).toBe("2|abc|def|123");
    expect(headersOf(init)["Content-Type"]).toBe("application/json");
    expect(JSON.parse(init.body as string)).toEqual({ kind: "notebook", parent: null });
  });

  it.each(["PUT", "PATCH", "DELETE"])("adds the XSRF header for %s", async (method) => {
    const fetch = mockFetch(204, "");
    await apiRequest(method, "/api/x");
    expect(headersOf(fetch.mock.calls[0]![1])["X-XSRFToken"]).toBe("2|abc|def|123");
  });

  it("does not send the XSRF header on GET", async () => {
    const fetch = mockFetch(200, "[]");
    await driveApi.list("folder 1");
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("/api/drive/items?parent=folder+1");
    expect(headersOf(init)["X-XSRFToken"]).toBeUndefined();
  });

  it("resolves 204 responses to undefined", async () => {
    mockFetch(204, "");
    await expect(driveApi.trash("a")).resolves.toBeUndefined();
  });

  it("turns the error body into an ApiError with code, message and status", async () => {
    mockFetch(409, JSON.stringify({ error: { code: "name_taken", message: "A folder named x already exists." } }));
    const err = await driveApi.create("folder", null, "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: "name_taken", message: "A folder named x already exists." });
  });

  it("falls back to a readable message for non-JSON errors", async () => {
    mockFetch(502, "<html>Bad gateway</html>", "Bad Gateway");
    const err = await apiRequest("GET", "/api/me").catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, code: "http_502" });
    expect((err as Error).message).toContain("Bad gateway");
  });

  it("reports network failures as network_error", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(apiRequest("GET", "/api/me")).rejects.toMatchObject({ code: "network_error", status: 0 });
  });

  it("parses FastAPI's default {detail} shape too", () => {
    expect(parseErrorBody(422, { detail: "bad" })).toMatchObject({ code: "http_422", message: "bad" });
  });

  it("builds query strings and skips null/undefined values", () => {
    expect(buildUrl("/a", { parent: null, trashed: true, x: undefined })).toBe("/a?trashed=true");
    expect(buildUrl("/a", { permanent: true })).toBe("/a?permanent=true");
  });
});
