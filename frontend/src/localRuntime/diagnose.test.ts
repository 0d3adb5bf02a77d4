import { describe, expect, it } from "vitest";
import { classicCommands } from "./connectErrors";
import { diagnose, flavourOf, tooOldProblem, type ApiAnswer, type Probes } from "./diagnose";
import type { LocalServer } from "./localUrl";

const LOCAL_PAGE = "http://127.0.0.1:8000";
const PUBLIC_PAGE = "https://collab.example.org";
const server: LocalServer = { baseUrl: "http://127.0.0.1:8890", host: "127.0.0.1:8890", token: "t" };
const unreadable: ApiAnswer = { readable: false };
const says = (version: string | null): ApiAnswer => ({ readable: true, version });
const probes = (p: Partial<Probes>): Probes => ({ reachable: true, withToken: unreadable, withoutToken: unreadable, ...p });

describe("diagnose: why neither jupyter_http_over_ws nor REST + CORS worked", () => {
  it("nothing listening (stopped server, wrong port): start one, or find the port", () => {
    const problem = diagnose(probes({ reachable: false }), server, LOCAL_PAGE);
    expect(problem.kind).toBe("unreachable");
    expect(problem.message).toContain("Nothing answers at 127.0.0.1:8890");
    expect(problem.command).toBe(`collaboratory local-runtime --origin ${LOCAL_PAGE}`);
    expect(problem.hint).toContain("jupyter notebook list");
    expect(problem.also?.[0]?.command).toBe(`jupyter notebook --NotebookApp.allow_origin='${LOCAL_PAGE}' --port=8890`);
  });

  it("the origin is allowed but the request was refused: the token", () => {
    const problem = diagnose(probes({ withoutToken: says("2.14.0"), withToken: says("2.14.0") }), server, LOCAL_PAGE);
    expect(problem.kind).toBe("bad-token");
    expect(problem.command).toBe("jupyter server list");
    expect(diagnose(probes({ withoutToken: says("6.5.7") }), server, LOCAL_PAGE).command).toBe("jupyter notebook list");
  });

  it("only the token gets through on jupyter_server 2: the origin is not allowed", () => {
    const problem = diagnose(probes({ withToken: says("2.14.0") }), server, LOCAL_PAGE);
    expect(problem.kind).toBe("origin-not-allowed");
    expect(problem.message).toContain(`does not allow ${LOCAL_PAGE} (CORS)`);
    expect(problem.command).toBe(`jupyter server --ServerApp.allow_origin='${LOCAL_PAGE}' --ServerApp.allow_credentials=True --port=8890`);
    expect(problem.also?.[0]?.command).toBe(`collaboratory local-runtime --origin ${LOCAL_PAGE}`);
  });

  it("a classic Notebook that does not speak jupyter_http_over_ws: install, enable, restart", () => {
    const problem = diagnose(probes({ withToken: says("6.5.7") }), server, LOCAL_PAGE);
    expect(problem.kind).toBe("extension-missing");
    expect(problem.message).toContain("Jupyter Notebook 6.5.7");
    expect(problem.command).toBe(classicCommands(LOCAL_PAGE, "8890"));
    expect(problem.command?.split("\n")).toEqual([
      "pip install jupyter_http_over_ws",
      "jupyter serverextension enable --py jupyter_http_over_ws",
      `jupyter notebook --NotebookApp.allow_origin='${LOCAL_PAGE}' --port=8890`,
    ]);
  });

  it("a jupyter_server older than 2: upgrade it", () => {
    const problem = diagnose(probes({ withToken: says("1.24.0") }), server, LOCAL_PAGE);
    expect(problem.kind).toBe("server-too-old");
    expect(problem.command).toContain("pip install --upgrade 'jupyter_server>=2'");
    expect(tooOldProblem("1.24.0", server, LOCAL_PAGE)?.kind).toBe("server-too-old");
    expect(tooOldProblem("2.0.0", server, LOCAL_PAGE)).toBeNull();
    expect(tooOldProblem("6.5.7", server, LOCAL_PAGE)).toBeNull();
  });

  it("something answers that is not Jupyter: the wrong port", () => {
    expect(diagnose(probes({ withToken: says(null) }), server, LOCAL_PAGE).kind).toBe("not-jupyter");
  });

  it("an answer the page may not read at all: a wrong token or an origin not allowed, restart fixes both", () => {
    const problem = diagnose(probes({}), server, LOCAL_PAGE);
    expect(problem.kind).toBe("token-or-origin");
    expect(problem.command).toBe(`collaboratory local-runtime --origin ${LOCAL_PAGE}`);
  });

  it("a public https page that hears nothing: Chrome's private-network refusal, and the commands that pass it", () => {
    const problem = diagnose(probes({ reachable: false }), server, PUBLIC_PAGE);
    expect(problem.kind).toBe("private-network");
    expect(problem.message).toContain("Access-Control-Allow-Private-Network: true");
    expect(problem.command).toBe(`collaboratory local-runtime --origin ${PUBLIC_PAGE}`);
    expect(problem.also?.[0]?.command).toContain("jupyter serverextension enable --py jupyter_http_over_ws");
  });

  it("an https page on a private address and an http server that does not answer: mixed content", () => {
    expect(diagnose(probes({ reachable: false }), server, "https://10.1.2.3").kind).toBe("mixed-content");
    expect(diagnose(probes({ reachable: false }), { ...server, baseUrl: "https://127.0.0.1:8890" }, "https://10.1.2.3").kind).toBe("unreachable");
  });

  it("tells a classic Notebook's version from jupyter_server's", () => {
    expect(flavourOf("6.5.7")).toBe("classic");
    expect(flavourOf("5.7.0")).toBe("classic");
    expect(flavourOf("2.14.0")).toBe("server");
    expect(flavourOf("1.24.0")).toBe("server");
  });
});
