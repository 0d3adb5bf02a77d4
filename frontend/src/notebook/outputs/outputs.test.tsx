import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import { OutputArea, groupOutputs } from "./OutputArea";
import { pickMime } from "./mime";
import type { Output } from "../nbformat";

const ESC = "\u001b";

function renderOutputs(outputs: Output[], props: Partial<Parameters<typeof OutputArea>[0]> = {}) {
  return render(<OutputArea outputs={outputs} {...props} />);
}

describe("streams", () => {
  it("joins consecutive stream outputs of one name into one block; stderr styled apart", () => {
    const { container } = renderOutputs([
      { output_type: "stream", name: "stdout", text: ["hello\n", "wor"] },
      { output_type: "stream", name: "stdout", text: "ld\n" },
      { output_type: "stream", name: "stderr", text: "warning!" },
    ]);
    const pres = container.querySelectorAll("pre[data-output=stream]");
    expect(pres).toHaveLength(2);
    expect(pres[0]!.textContent).toBe("hello\nworld\n");
    expect(pres[0]!.className).toContain("output-stdout");
    expect(pres[1]!.className).toContain("output-stderr");
  });

  it("renders ANSI colours as spans (palette classes, 256-colour and truecolor styles)", () => {
    const text = `${ESC}[1;31mfail${ESC}[0m ${ESC}[38;5;208morange${ESC}[0m ${ESC}[48;2;1;2;3;4mdeep${ESC}[0m plain`;
    const { container } = renderOutputs([{ output_type: "stream", name: "stdout", text }]);
    const pre = container.querySelector("pre")!;
    expect(pre.textContent).toBe("fail orange deep plain");
    const spans = Array.from(pre.querySelectorAll<HTMLSpanElement>("span:not(.stream-block)"));
    expect(spans[0]!.textContent).toBe("fail");
    expect(spans[0]!.className).toBe("ansi-red-fg ansi-bold");
    expect(spans[1]!.style.color).toBe("rgb(255, 135, 0)");
    expect(spans[2]!.style.backgroundColor).toBe("rgb(1, 2, 3)");
    expect(spans[2]!.className).toBe("ansi-underline");
    expect(pre.innerHTML).not.toContain(ESC);
  });

  it("shows nothing for a blank stderr block (tqdm's closing newline)", () => {
    const { container } = renderOutputs([
      { output_type: "stream", name: "stdout", text: "done\n" },
      { output_type: "stream", name: "stderr", text: "\n" },
    ]);
    expect(container.querySelectorAll("pre")).toHaveLength(1);
  });

  it("never turns stream text into markup", () => {
    const { container } = renderOutputs([{ output_type: "stream", name: "stdout", text: "<img src=x onerror=alert(1)>" }]);
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toBe("<img src=x onerror=alert(1)>");
  });

  it("shows a tqdm-style \\r progress bar as one line in its final state, across updates", () => {
    const bar = (n: number) => `\r${String(n * 10).padStart(3)}%|${"#".repeat(n).padEnd(10)}| ${n}/10`;
    let text = "";
    const { container, rerender } = renderOutputs([{ output_type: "stream", name: "stderr", text }]);
    for (let n = 0; n <= 10; n++) {
      text += bar(n);
      rerender(<OutputArea outputs={[{ output_type: "stream", name: "stderr", text }]} />);
    }
    rerender(<OutputArea outputs={[{ output_type: "stream", name: "stderr", text: text + "\ndone\n" }]} />);
    expect(container.querySelector("pre")!.textContent).toBe("100%|##########| 10/10\ndone\n");
  });

  it("stays correct when a streamed text is replaced rather than extended", () => {
    const { container, rerender } = renderOutputs([{ output_type: "stream", name: "stdout", text: "first\n" }]);
    rerender(<OutputArea outputs={[{ output_type: "stream", name: "stdout", text: "other\n" }]} />);
    expect(container.querySelector("pre")!.textContent).toBe("other\n");
  });

  it("renders a large stream in blocks and keeps up with appends", () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}\n`).join("");
    const { container, rerender } = renderOutputs([{ output_type: "stream", name: "stdout", text: lines }]);
    rerender(<OutputArea outputs={[{ output_type: "stream", name: "stdout", text: lines + "tail" }]} />);
    const pre = container.querySelector("pre")!;
    const blocks = [...pre.querySelectorAll(".stream-block")];
    expect(blocks.length).toBe(Math.ceil(5001 / 64)); // each a block box: appends re-lay out the last
    expect(blocks.map((block) => block.textContent).join("\n")).toBe(lines + "tail");
  });
});

describe("rich outputs", () => {
  it("picks MIME types in JupyterLab's order", () => {
    const all = {
      "text/plain": "t", "application/json": {}, "image/gif": "g", "image/jpeg": "j", "image/png": "p",
      "image/svg+xml": "<svg/>", "text/latex": "$x$", "text/markdown": "*m*", "text/html": "<b>h</b>",
      "application/javascript": "1", "application/vnd.jupyter.widget-view+json": { model_id: "m" },
    };
    const order: string[] = [];
    const bundle: Record<string, unknown> = { ...all };
    for (let mime = pickMime(bundle); mime; mime = pickMime(bundle)) {
      order.push(mime);
      delete bundle[mime];
    }
    expect(order).toEqual([
      "application/vnd.jupyter.widget-view+json", "application/javascript", "text/html", "text/markdown",
      "text/latex", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "application/json", "text/plain",
    ]);
    expect(pickMime({ "application/x-unknown": 1 })).toBeNull();
  });

  it("prefers image/png over text/plain, builds a base64 data URL and honours metadata size", () => {
    renderOutputs([
      {
        output_type: "execute_result",
        execution_count: 3,
        data: { "image/png": "iVBORw0K\nGgo=\n", "text/plain": "<Figure>" },
        metadata: { "image/png": { width: 320, height: 200 } },
      },
    ]);
    const img = screen.getByRole("img", { name: "Output image" });
    expect(img.getAttribute("src")).toBe("data:image/png;base64,iVBORw0KGgo=");
    expect(img.getAttribute("width")).toBe("320");
    expect(img.getAttribute("height")).toBe("200");
    expect(screen.queryByText("<Figure>")).toBeNull();
  });

  it("shows SVG as an <img> data URL, never inline in the page", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>';
    const { container } = renderOutputs([{ output_type: "display_data", data: { "image/svg+xml": svg, "text/plain": "fig" } }]);
    expect(container.querySelector("svg")).toBeNull();
    expect(screen.getByRole("img").getAttribute("src")).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
  });

  it("renders text/markdown and text/latex with the sanitized KaTeX renderer", async () => {
    const { container } = renderOutputs([
      { output_type: "display_data", data: { "text/markdown": "**Hi** $x^2$ <script>alert(1)</script>", "text/plain": "" } },
      { output_type: "execute_result", execution_count: 1, data: { "text/latex": "$\\displaystyle \\frac{1}{2}$", "text/plain": "1/2" } },
    ]);
    await waitFor(() => expect(container.querySelector("[data-output=markdown] strong")).not.toBeNull());
    const markdown = container.querySelector("[data-output=markdown]")!;
    expect(markdown.querySelector("strong")!.textContent).toBe("Hi");
    expect(markdown.querySelector(".katex")).not.toBeNull();
    expect(markdown.querySelector("script")).toBeNull();
    expect(container.querySelector("[data-output=latex] .katex")).not.toBeNull();
  });

  it("shows application/json as a collapsible tree", () => {
    const { container } = renderOutputs([
      { output_type: "display_data", data: { "application/json": { name: "x", list: [1, true, null], nested: { deep: { deeper: 1 } } } } },
    ]);
    const tree = container.querySelector("[data-output=json]")!;
    expect(tree.querySelector(".json-string")!.textContent).toBe('"x"');
    expect(tree.querySelectorAll("details").length).toBe(4);
    expect((tree.querySelector("details") as HTMLDetailsElement).open).toBe(true);
    expect(tree.textContent).toContain("deeper");
  });

  it("shows text/plain results with ANSI colours", () => {
    const { container } = renderOutputs([
      { output_type: "execute_result", execution_count: 1, data: { "text/plain": `${ESC}[32m42${ESC}[0m` } },
    ]);
    const text = container.querySelector("[data-output=text]")!;
    expect(text.textContent).toBe("42");
    expect(text.querySelector(".ansi-green-fg")).not.toBeNull();
  });

  it("hands widget views to the widget renderer, else falls back to text/plain", () => {
    const data = { "application/vnd.jupyter.widget-view+json": { model_id: "abc", version_major: 2 }, "text/plain": "IntSlider(value=0)" };
    const seen: string[] = [];
    const { unmount } = renderOutputs([{ output_type: "display_data", data }], {
      widgetRenderer: ({ model_id }) => {
        seen.push(model_id);
        return <span data-testid="widget">widget {model_id}</span>;
      },
    });
    expect(screen.getByTestId("widget").textContent).toBe("widget abc");
    expect(seen).toContain("abc");
    unmount();
    const { container } = renderOutputs([{ output_type: "display_data", data }]);
    expect(container.querySelector("[data-output=text]")!.textContent).toBe("IntSlider(value=0)");
  });

  it("renders the truncation marker with a Download full output link", () => {
    const url = "/api/notebooks/n1/outputs/c1";
    renderOutputs([
      {
        output_type: "display_data",
        data: { "text/plain": `… output truncated: 500 more characters not shown; download the full output at ${url}` },
        metadata: { collaboratory_truncated: url },
      },
    ]);
    const link = screen.getByRole("link", { name: "Download full output" });
    expect(link.getAttribute("href")).toBe(url);
    expect(screen.getByText("… output truncated: 500 more characters not shown")).toBeTruthy();
  });

  it("does not link a truncation marker to a javascript: URL", () => {
    renderOutputs([
      { output_type: "display_data", data: { "text/plain": "cut" }, metadata: { collaboratory_truncated: "javascript:alert(1)" } },
    ]);
    expect(screen.queryByRole("link")).toBeNull();
  });
});

describe("errors", () => {
  it("shows the traceback with its ANSI colours, and no header repeating its last line", () => {
    const traceback = [
      `${ESC}[0;31m---------------------------------------------------------------------------${ESC}[0m`,
      `${ESC}[0;31mZeroDivisionError${ESC}[0m                         Traceback (most recent call last)`,
      `${ESC}[0;32m----> 1${ESC}[0m 1${ESC}[38;5;241m/${ESC}[39m0`,
      `${ESC}[0;31mZeroDivisionError${ESC}[0m: division by zero`,
    ];
    const { container } = renderOutputs([{ output_type: "error", ename: "ZeroDivisionError", evalue: "division by zero", traceback }]);
    const error = container.querySelector("[data-output=error]")!;
    expect(error.querySelector(".output-error-header")).toBeNull();
    const pre = error.querySelector("pre")!;
    expect(pre.textContent).toContain("----> 1 1/0");
    expect(pre.textContent).not.toContain(ESC);
    expect(pre.querySelectorAll(".ansi-red-fg").length).toBe(3);
    expect(pre.querySelector(".ansi-green-fg")!.textContent).toBe("----> 1");
  });

  it("says name and value in a header when there is no traceback to say it", () => {
    const { container } = renderOutputs([{ output_type: "error", ename: "KernelRestarted", evalue: "gone", traceback: [] }]);
    expect(container.querySelector(".output-error-header")!.textContent).toBe("KernelRestarted: gone");
  });
});

describe("groupOutputs", () => {
  it("keys groups by the index of their first output", () => {
    const groups = groupOutputs([
      { output_type: "stream", name: "stdout", text: "a" },
      { output_type: "stream", name: "stdout", text: "b" },
      { output_type: "display_data", data: {} },
      { output_type: "stream", name: "stdout", text: "c" },
    ]);
    expect(groups.map((g) => [g.kind, g.key])).toEqual([["stream", 0], ["single", 2], ["stream", 3]]);
  });
});
