import { describe, expect, it, vi } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { HTML_OUTPUT_SANDBOX, HtmlOutput, JavascriptOutput, OUTPUT_FRAME_URL, scriptSafe } from "./HtmlOutput";
import { OutputArea } from "./OutputArea";

/** The document the frame is given once it says it is ready (as the real frame document does). */
function documentGiven(frame: HTMLIFrameElement): string {
  const give = vi.spyOn(frame.contentWindow!, "postMessage");
  post(frame.contentWindow, { collaboratoryFrameReady: true });
  expect(give).toHaveBeenCalledTimes(1);
  const [message, target] = give.mock.calls[0] as [{ collaboratoryFrameHtml: string }, string];
  expect(target).toBe("*");
  give.mockRestore();
  return message.collaboratoryFrameHtml;
}

function post(source: Window | null, data: unknown, origin = "null") {
  act(() => {
    window.dispatchEvent(new MessageEvent("message", { data, source, origin }));
  });
}

describe("HtmlOutput", () => {
  it("puts text/html into a sandboxed iframe that does not get the parent's origin", () => {
    const html = '<b id="x">bold</b><script>alert(1)</script>';
    render(<OutputArea outputs={[{ output_type: "display_data", data: { "text/html": [html], "text/plain": "x" } }]} />);
    const frame = screen.getByTitle<HTMLIFrameElement>("HTML output");
    const sandbox = frame.getAttribute("sandbox")!;
    expect(sandbox.split(" ")).not.toContain("allow-same-origin");
    expect(sandbox).not.toContain("allow-top-navigation");
    expect(sandbox).toBe(HTML_OUTPUT_SANDBOX);
    expect(sandbox).toContain("allow-scripts");
    // Popups the output opens stay sandboxed.
    expect(sandbox).not.toContain("allow-popups-to-escape-sandbox");
    // Not srcdoc, which would inherit the app's Content-Security-Policy.
    expect(frame.hasAttribute("srcdoc")).toBe(false);
    expect(frame.getAttribute("src")).toBe(OUTPUT_FRAME_URL);
    expect(documentGiven(frame)).toContain(html);
    // The HTML never lands in the page itself.
    expect(document.getElementById("x")).toBeNull();
  });

  it("resizes to the height its own frame reports, ignoring other senders", () => {
    render(<HtmlOutput html="<p>hi</p>" />);
    const frame = screen.getByTitle<HTMLIFrameElement>("HTML output");
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

  it("gives the output only to its own frame, and new content to a fresh frame", () => {
    const { rerender } = render(<HtmlOutput html="<p>one</p>" />);
    const frame = screen.getByTitle<HTMLIFrameElement>("HTML output");
    const give = vi.spyOn(frame.contentWindow!, "postMessage");
    post(window, { collaboratoryFrameReady: true });
    post(frame.contentWindow, { collaboratoryFrameReady: true }, "http://localhost:3000");
    post(frame.contentWindow, { collaboratoryFrameReady: "yes" });
    expect(give).not.toHaveBeenCalled();
    give.mockRestore();
    expect(documentGiven(frame)).toContain("<p>one</p>");

    rerender(<HtmlOutput html="<p>two</p>" />);
    const fresh = screen.getByTitle<HTMLIFrameElement>("HTML output");
    expect(fresh).not.toBe(frame);
    expect(documentGiven(fresh)).toContain("<p>two</p>");
  });

  it("runs application/javascript in the same kind of frame, unable to close its script", () => {
    render(<JavascriptOutput code={'element.textContent = "</script><b>x</b>";'} />);
    const frame = screen.getByTitle("JavaScript output");
    expect(frame.getAttribute("sandbox")).toBe(HTML_OUTPUT_SANDBOX);
    const doc = documentGiven(frame as HTMLIFrameElement);
    expect(doc).toContain('var element=document.getElementById("output")');
    expect(doc).toContain("<\\/script><b>x</b>");
    expect(scriptSafe("a<!--b</SCRIPT>")).toBe("a<\\!--b<\\/SCRIPT>");
  });
});
