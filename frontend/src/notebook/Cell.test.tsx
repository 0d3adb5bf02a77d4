import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { NotebookView } from "./NotebookView";
import { renderMarkdown } from "./markdown";
import type { Notebook } from "./nbformat";

const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", source: ["# Title\n", "Some *text* <img src=x onerror=alert(1)>"] },
    { cell_type: "code", execution_count: 7, source: "print(6*7)", outputs: [{ output_type: "stream", name: "stdout", text: "42\n" }] },
    { cell_type: "code", execution_count: null, source: "x = 1", outputs: [] },
  ],
};

describe("NotebookView", () => {
  it("renders cells in order with test ids, types, execution counts and outputs", () => {
    render(<NotebookView notebook={notebook} />);
    const cells = screen.getAllByTestId("cell");
    expect(cells.map((c) => c.dataset.cellType)).toEqual(["markdown", "code", "code"]);
    expect(screen.getByRole("heading", { name: "Title" })).toBeTruthy();
    expect(cells[1]!.textContent).toContain("[7]");
    expect(cells[1]!.querySelector("code")!.textContent).toBe("print(6*7)");
    expect(cells[1]!.querySelector("[data-output=stream]")!.textContent).toBe("42\n");
    expect(cells[2]!.textContent).toContain("[ ]");
    // The event handler in the markdown is sanitized away.
    expect(cells[0]!.innerHTML).not.toContain("onerror");
  });
});

describe("renderMarkdown", () => {
  it("renders markdown and removes scripts and javascript: links", () => {
    const html = renderMarkdown(
      '**bold** <script>alert(1)</script> [x](javascript:alert(1)) <a href="javascript:alert(2)">y</a> [ok](https://example.org)',
    );
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toContain("<script");
    const doc = new DOMParser().parseFromString(html, "text/html");
    const hrefs = Array.from(doc.querySelectorAll("a"), (a) => a.getAttribute("href"));
    expect(hrefs.some((h) => h?.startsWith("javascript"))).toBe(false);
    expect(html).toContain('href="https://example.org"');
    expect(html).toContain('rel="noopener noreferrer"');
  });
});
