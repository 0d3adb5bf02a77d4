import { describe, expect, it } from "vitest";
import { statusProblem, urlProblem } from "./connectErrors";
import { parseLocalUrl, type LocalServer } from "./localUrl";

const ORIGIN = "http://127.0.0.1:8000";
const server: LocalServer = { baseUrl: "http://127.0.0.1:8888", host: "127.0.0.1:8888", token: "t" };

describe("parseLocalUrl", () => {
  it("takes the base URL and token from what Jupyter prints", () => {
    expect(parseLocalUrl(" http://localhost:8888/lab?token=abc ")).toEqual({ baseUrl: "http://localhost:8888", host: "localhost:8888", token: "abc" });
    expect(parseLocalUrl("http://127.0.0.1:8888/base/tree?token=x")).toMatchObject({ baseUrl: "http://127.0.0.1:8888/base" });
  });
  it("names what is wrong with a URL", () => {
    expect(parseLocalUrl("nonsense")).toEqual({ kind: "invalid-url" });
    expect(parseLocalUrl("http://127.0.0.1:8888/")).toEqual({ kind: "missing-token" });
    expect(parseLocalUrl("http://10.0.0.5:8888/?token=a")).toEqual({ kind: "not-loopback", host: "10.0.0.5:8888" });
  });
});

describe("the fix for each failure", () => {
  it("a wrong token points at jupyter server list", () => {
    const problem = statusProblem(403, server, ORIGIN);
    expect(problem.kind).toBe("bad-token");
    expect(problem.command).toBe("jupyter server list");
  });
  it("a 404 is not a Jupyter server", () => {
    expect(statusProblem(404, server, ORIGIN).kind).toBe("not-jupyter");
    expect(urlProblem({ kind: "missing-token" }, ORIGIN).message).toContain("?token=");
  });
});
