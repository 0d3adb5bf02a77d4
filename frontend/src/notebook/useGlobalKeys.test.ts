import { describe, expect, it } from "vitest";
import { globalKeyMode } from "./useGlobalKeys";

function element(html: string, selector: string): Element {
  document.body.innerHTML = html;
  const found = document.querySelector(selector);
  if (!found) throw new Error(selector);
  return found;
}

describe("globalKeyMode", () => {
  it("treats the page itself as command mode", () => {
    expect(globalKeyMode(document.body)).toBe("command");
  });
  it("allows only modifier shortcuts on other controls", () => {
    expect(globalKeyMode(element('<div role="menubar"><button>Runtime</button></div>', "button"))).toBe("edit");
  });
  it("leaves text fields, dialogs and cells alone", () => {
    expect(globalKeyMode(element("<input />", "input"))).toBeNull();
    expect(globalKeyMode(element('<div role="dialog"><button>OK</button></div>', "button"))).toBeNull();
    expect(globalKeyMode(element('<div class="notebook-cells"><section tabindex="-1"></section></div>', "section"))).toBeNull();
  });
});
