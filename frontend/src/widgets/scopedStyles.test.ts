import { describe, expect, it } from "vitest";
import { scopeSelector, splitSelectorList } from "./scopedStyles";

describe("scoping the ipywidgets stylesheet", () => {
  it("splits selector lists only at top-level commas", () => {
    expect(splitSelectorList(".a, .b:is(.c, .d) > e,[x='1,2']")).toEqual([".a", ".b:is(.c, .d) > e", "[x='1,2']"]);
  });

  it("puts rules inside the scope, turns :root into it and leaves html/body rules alone", () => {
    expect(scopeSelector(".progress", ".cb-widget-area")).toBe(".cb-widget-area .progress");
    expect(scopeSelector(":root", ".cb-widget-area")).toBe(".cb-widget-area");
    expect(scopeSelector("body.lm-mod-override-cursor *", ".cb-widget-area")).toBe("body.lm-mod-override-cursor *");
    expect(scopeSelector("html", ".cb-widget-area")).toBe("html");
    expect(scopeSelector(".htmlish", ".cb-widget-area")).toBe(".cb-widget-area .htmlish");
  });
});
