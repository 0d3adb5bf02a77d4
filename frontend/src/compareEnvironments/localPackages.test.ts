import { describe, expect, it } from "vitest";
import { kernelSource, PACKAGES_EXPRESSION, packagesFromReply } from "./localPackages";

function reply(pairs: unknown): Record<string, unknown> {
  const text = `'${btoa(JSON.stringify(pairs))}'`;
  return { status: "ok", user_expressions: { packages: { status: "ok", data: { "text/plain": text } } } };
}

describe("local package lists", () => {
  it("asks the local kernel with a silent user expression and reads its reply", async () => {
    const sent: Record<string, unknown>[] = [];
    const kernel = {
      request: (msgType: string, content: Record<string, unknown>) => {
        sent.push({ msgType, ...content });
        return Promise.resolve({ content: reply([["fastapi", "0.115.0"], ["", "1"], ["x", null]]) });
      },
    };
    const packages = await kernelSource(kernel, "localhost:8888").load();
    expect(packages).toEqual([
      { name: "fastapi", version: "0.115.0" },
      { name: "x", version: "" },
    ]);
    expect(sent[0]).toMatchObject({ msgType: "execute_request", code: "", silent: true, store_history: false });
    expect((sent[0]?.user_expressions as Record<string, string>).packages).toBe(PACKAGES_EXPRESSION);
  });
  it("says why when the expression failed", () => {
    const failed = { user_expressions: { packages: { status: "error", evalue: "no importlib" } } };
    expect(() => packagesFromReply(failed)).toThrow("could not list its packages: no importlib");
  });
});
