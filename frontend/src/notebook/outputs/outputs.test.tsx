import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { OutputArea } from "./OutputArea";
import { HTML_OUTPUT_SANDBOX } from "./HtmlOutput";
import { stripAnsi, applyTerminalControls } from "../ansi";
import type { Output } from "../nbformat";

const ESC = "\u001b";

describe("output renderers", () => {
  it("renders stream text joined from lines, stderr styled apart", () => {
    const outputs: Output[] = [
      { output_type: "stream", name: "stdout", text: ["hello\n", "world\n"] },
      { output_type: "stream", name: "stderr", text: "warning!" },
    ];
    const { container } = render(<OutputArea outputs={outputs} />);
    const pres = container.querySelectorAll("pre[data-output=stream]");
    expect(pres[0]!.textContent).toBe("hello\nworld\n");
    expect(pres[0]!.className).toContain("output-stdout");
    expect(pres[1]!.className).toContain("output-stderr");
  });

  it("puts text/html into a sandboxed iframe that does not get the parent's origin", () => {
    const html = '<b id="x">bold</b><script>alert(1)</script>';
    render(<OutputArea outputs={[{ output_type: "display_data", data: { "text/html": [html], "text/plain": "x" } }]} />);
    const frame = screen.getByTitle("HTML output") as HTMLIFrameElement;
    const sandbox = frame.getAttribute("sandbox");
    expect(sandbox).not.toBeNull();
    expect(sandbox).not.toContain("allow-same-origin");
    expect(sandbox).not.toContain("allow-top-navigation");
    expect(sandbox).toBe(HTML_OUTPUT_SANDBOX);
    expect(frame.getAttribute("srcdoc")).toContain(html);
    // The HTML never lands in the page itself.
    expect(document.getElementById("x")).toBeNull();
  });

  it("prefers image/png over text/plain and builds a base64 data URL", () => {
    render(
      <OutputArea
        outputs={[{ output_type: "execute_result", execution_count: 3, data: { "image/png": "iVBORw0K\nGgo=\n", "text/plain": "<Figure>" } }]}
      />,
    );
    const img = screen.getByRole("img", { name: "Output image" });
    expect(img.getAttribute("src")).toBe("data:image/png;base64,iVBORw0KGgo=");
    expect(screen.queryByText("<Figure>")).toBeNull();
  });

  it("shows text/plain results", () => {
    const { container } = render(
      <OutputArea outputs={[{ output_type: "execute_result", execution_count: 1, data: { "text/plain": "42" } }]} />,
    );
    expect(container.querySelector("[data-output=text]")!.textContent).toBe("42");
  });

  it("strips ANSI codes from error tracebacks", () => {
    const traceback = [
      `${ESC}[0;31m---------------------------------------------------------------------------${ESC}[0m`,
      `${ESC}[0;31mZeroDivisionError${ESC}[0m: division by zero`,
    ];
    const { container } = render(
      <OutputArea outputs={[{ output_type: "error", ename: "ZeroDivisionError", evalue: "division by zero", traceback }]} />,
    );
    const text = container.querySelector("[data-output=error]")!.textContent!;
    expect(text).toContain("ZeroDivisionError: division by zero");
    expect(text).not.toContain(ESC);
    expect(text).not.toContain("[0;31m");
  });
});

describe("ansi helpers", () => {
  it("removes colour, cursor and OSC hyperlink sequences", () => {
    expect(stripAnsi(`${ESC}[1;32mok${ESC}[0m ${ESC}[2K${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe("ok link");
  });
  it("applies carriage returns like a terminal (progress bars)", () => {
    expect(applyTerminalControls("10%\r50%\r100%\ndone")).toBe("100%\ndone");
    expect(applyTerminalControls("abc\x08\x08d")).toBe("ad");
    expect(applyTerminalControls("long line\rshort")).toBe("shortline");
  });
});
