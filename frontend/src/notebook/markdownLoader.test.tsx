import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { loadMarkdownRenderer, markdownRenderer } from "./markdownLoader";
import { MimeOutput } from "./outputs/MimeOutput";

describe("the Markdown renderer's own chunk", () => {
  it("is not loaded until asked for; meanwhile Markdown shows as text, then formatted", async () => {
    expect(markdownRenderer()).toBeNull();
    const { container } = render(<MimeOutput data={{ "text/markdown": "**Bold** <script>x()</script>" }} />);
    const pending = container.querySelector("[data-output=markdown].markdown-pending");
    expect(pending?.textContent).toBe("**Bold** <script>x()</script>");
    expect(container.querySelector("script")).toBeNull();
    expect((await screen.findByText("Bold")).tagName).toBe("STRONG");
    expect(container.querySelector(".markdown-pending")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
  });

  it("is loaded once for every caller", async () => {
    const [first, second] = await Promise.all([loadMarkdownRenderer(), loadMarkdownRenderer()]);
    expect(first).toBe(second);
    expect(markdownRenderer()).toBe(first);
    expect(first.renderMarkdown("# Hi")).toContain('<h1 id="hi">');
  });
});
