import { describe, expect, it } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { HTML_OUTPUT_SANDBOX, HtmlOutput, JavascriptOutput, scriptSafe } from "./HtmlOutput";
import { OutputArea } from "./OutputArea";

function post(source: Window | null, data: unknown, origin = "null") {
  act(() => {
    window.dispatchEvent(new MessageEvent("message", { data, source, origin }));
  });
}

describe("HtmlOutput", () => {
  it("puts text/html into a sandboxed iframe that does not get the parent's origin", () => {
    const html = '<b id="x">bold</b><script>alert(1)</script>';
    render(<OutputArea outputs={[{ output_type: "display_data", data: { "text/html": [html], "text/plain": "x" } }]} />);
    const frame = screen.getByTitle("HTML output") as HTMLIFrameElement;
    const sandbox = frame.getAttribute("sandbox")!;
    expect(sandbox.split(" ")).not.toContain("allow-same-origin");
    expect(sandbox).not.toContain("allow-top-navigation");
    expect(sandbox).toBe(HTML_OUTPUT_SANDBOX);
    expect(sandbox).toContain("allow-scripts");
    expect(frame.getAttribute("srcdoc")).toContain(html);
    // The HTML never lands in the page itself.
    expect(document.getElementById("x")).toBeNull();
  });

  it("resizes to the height its own frame reports, ignoring other senders", () => {
    render(<HtmlOutput html="<p>hi</p>" />);
    const frame = screen.getByTitle("HTML output") as HTMLIFrameElement;
    const initial = frame.style.height;
    post(window, { collaboratoryFrameHeight: 900 });
    post(frame.contentWindow, { collaboratoryFrameHeight: 900 }, "http://localhost:3000");
    post(frame.contentWindow, { collaboratoryFrameHeight: "lots" });
    expect(frame.style.height).toBe(initial);
    post(frame.contentWindow, { collaboratoryFrameHeight: 321.2 });
    expect(frame.style.height).toBe("322px");
    post(frame.contentWindow, { collaboratoryFrameHeight: 1e9 });
    expect(frame.style.height).toBe("10000px");
  });

  it("runs application/javascript in the same kind of frame, unable to close its script", () => {
    render(<JavascriptOutput code={'element.textContent = "</script><b>x</b>";'} />);
    const frame = screen.getByTitle("JavaScript output");
    expect(frame.getAttribute("sandbox")).toBe(HTML_OUTPUT_SANDBOX);
    const doc = frame.getAttribute("srcdoc")!;
    expect(doc).toContain('var element=document.getElementById("output")');
    expect(doc).toContain("<\\/script><b>x</b>");
    expect(scriptSafe("a<!--b</SCRIPT>")).toBe("a<\\!--b<\\/SCRIPT>");
  });
});
