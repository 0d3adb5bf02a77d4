import { describe, expect, it } from "vitest";
import { alignCommand, compareEnvironments, countBy, normalizeName } from "./diff";

const hosted = [
  { name: "numpy", version: "2.3.1" },
  { name: "Pillow", version: "11.0.0" },
  { name: "typing_extensions", version: "4.12.2" },
  { name: "hostedonly", version: "1.0.0" },
  { name: "mylib", version: "" },
];
const local = [
  { name: "numpy", version: "1.26.4" },
  { name: "pillow", version: "11.0.0" },
  { name: "typing-extensions", version: "4.12.2" },
  { name: "fastapi", version: "0.115.0" },
  { name: "mylib", version: "0.1" },
];

describe("compareEnvironments", () => {
  it("matches names as pip does and says how each package differs", () => {
    const rows = compareEnvironments(hosted, local);
    expect(rows).toEqual([
      { name: "fastapi", hosted: null, local: "0.115.0", difference: "only-local" },
      { name: "hostedonly", hosted: "1.0.0", local: null, difference: "only-hosted" },
      { name: "mylib", hosted: "", local: "0.1", difference: "same" },
      { name: "numpy", hosted: "2.3.1", local: "1.26.4", difference: "different" },
      { name: "Pillow", hosted: "11.0.0", local: "11.0.0", difference: "same" },
      { name: "typing_extensions", hosted: "4.12.2", local: "4.12.2", difference: "same" },
    ]);
    expect(countBy(rows)).toEqual({ same: 3, different: 1, "only-hosted": 1, "only-local": 1 });
  });
  it("normalizes names (PEP 503)", () => {
    expect(normalizeName(" Zope.Interface ")).toBe("zope-interface");
    expect(normalizeName("a__b--c")).toBe("a-b-c");
  });
  it("offers the pip install line that aligns the local runtime with the hosted one", () => {
    expect(alignCommand(compareEnvironments(hosted, local))).toBe('pip install "hostedonly==1.0.0" "numpy==2.3.1"');
    expect(alignCommand(compareEnvironments(hosted, hosted))).toBeNull();
    expect(alignCommand(compareEnvironments([{ name: "x", version: "" }], []))).toBe('pip install "x"');
  });
  it("keeps the first of two entries that name one package", () => {
    const rows = compareEnvironments([{ name: "a", version: "1" }, { name: "A", version: "2" }], []);
    expect(rows).toEqual([{ name: "a", hosted: "1", local: null, difference: "only-hosted" }]);
  });
});
