import { describe, expect, it } from "vitest";
import { extractHeadings, renderLatex, renderMarkdown, slugify } from "./markdown";

function parse(html: string): Document {
  return new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
}

describe("renderMarkdown", () => {
  it("renders inline and display math with KaTeX, MathML included", () => {
    const doc = parse(renderMarkdown("Euler: $e^{i\\pi} + 1 = 0$\n\n$$\\int_0^1 x\\,dx$$"));
    expect(doc.querySelectorAll(".katex").length).toBe(2);
    expect(doc.querySelector(".katex-display")).not.toBeNull();
    expect(doc.querySelector("math annotation")?.textContent).toBe("e^{i\\pi} + 1 = 0");
    // KaTeX positions glyphs with inline styles; the sanitizer must keep them.
    expect(doc.querySelector(".katex-html [style]")).not.toBeNull();
  });

  it("shows a KaTeX error instead of throwing on bad TeX", () => {
    const doc = parse(renderMarkdown("$\\frac{1}{$"));
    expect(doc.querySelector(".katex-error")).not.toBeNull();
  });

  it("strips scripts, event handlers, javascript: URLs, iframes and forms", () => {
    const html = renderMarkdown(
      [
        "**bold** <script>alert(1)</script>",
        "<img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href=\"javascript:alert(2)\">y</a>",
        "<iframe src=\"https://evil.example\"></iframe><form action=/x><input name=q></form>",
        "<div style=\"position:fixed;inset:0\">cover</div>",
        "[ok](https://example.org) [here](#intro)",
      ].join("\n\n"),
    );
    const doc = parse(html);
    expect(doc.querySelector("strong")?.textContent).toBe("bold");
    expect(doc.querySelector("script, iframe, form, input")).toBeNull();
    expect(html).not.toContain("onerror");
    const links = Array.from(doc.querySelectorAll("a"));
    expect(links.some((a) => a.getAttribute("href")?.startsWith("javascript"))).toBe(false);
    const external = links.find((a) => a.getAttribute("href") === "https://example.org");
    expect(external?.getAttribute("target")).toBe("_blank");
    expect(external?.getAttribute("rel")).toBe("noopener noreferrer");
    expect(links.find((a) => a.getAttribute("href") === "#intro")?.hasAttribute("target")).toBe(false);
    expect(doc.querySelector("[style*=fixed]")).toBeNull();
  });

  it("resolves attachment: images from the cell's attachments", () => {
    const attachments = { "plot.png": { "image/png": "iVBORw0KGgo=" }, "logo.svg": { "image/svg+xml": "<svg/>" } };
    const doc = parse(renderMarkdown('![plot](attachment:plot.png) <img src="attachment:logo.svg"> ![gone](attachment:nope.png)', attachments));
    const srcs = Array.from(doc.querySelectorAll("img"), (img) => img.getAttribute("src"));
    expect(srcs[0]).toBe("data:image/png;base64,iVBORw0KGgo=");
    expect(srcs[1]).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent("<svg/>")}`);
    expect(srcs[2]).toBeNull();
  });

  it("gives headings stable, unique ids (even ids DOMPurify would think clobber the DOM)", () => {
    const doc = parse(renderMarkdown("# Title\n\n## Setup & Install\n\n## Title"));
    expect(Array.from(doc.querySelectorAll("h1, h2"), (h) => h.id)).toEqual(["title", "setup-install", "title-1"]);
  });
});

describe("extractHeadings", () => {
  it("lists headings with levels, plain text and the same ids, ignoring fenced code", () => {
    const source = "# Intro\nText\n```python\n# not a heading\n```\n## The *fast* `path`\nSetext\n---\n    # indented code\n";
    expect(extractHeadings(source)).toEqual([
      { level: 1, text: "Intro", id: "intro" },
      { level: 2, text: "The fast path", id: "the-fast-path" },
      { level: 2, text: "Setext", id: "setext" },
    ]);
    const rendered = parse(renderMarkdown(source));
    expect(Array.from(rendered.querySelectorAll("h1, h2"), (h) => h.id)).toEqual(["intro", "the-fast-path", "setext"]);
  });

  it("keeps math source in heading text", () => {
    expect(extractHeadings("## Area $\\pi r^2$")[0]).toMatchObject({ text: "Area \\pi r^2", id: "area-pi-r2" });
    expect(slugify("  ")).toBe("section");
    expect(slugify("Données – été")).toBe("données-été");
  });
});

describe("renderLatex", () => {
  it("renders a lone formula in display or inline mode", () => {
    expect(parse(renderLatex("$$x^2$$")).querySelector(".katex-display")).not.toBeNull();
    expect(parse(renderLatex("$\\displaystyle x^{2}$")).querySelector(".katex")).not.toBeNull();
    expect(parse(renderLatex("$\\displaystyle x^{2}$")).querySelector(".katex-display")).toBeNull();
    expect(parse(renderLatex("\\begin{align}a&=b\\\\c&=d\\end{align}")).querySelector(".katex-display")).not.toBeNull();
  });

  it("renders text with embedded math through Markdown", () => {
    const doc = parse(renderLatex("The value $a$ and $b$."));
    expect(doc.querySelectorAll(".katex").length).toBe(2);
    expect(doc.body.textContent).toContain("The value");
  });
});
