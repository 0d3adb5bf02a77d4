import MarkdownIt from "markdown-it";
import type { StateCore, Token } from "markdown-it";
import markdownItKatexModule from "@vscode/markdown-it-katex";
import type { MarkdownKatexOptions } from "@vscode/markdown-it-katex";
import katex from "katex";
import "katex/dist/katex.min.css";
import "./outputs/outputs.css";
import { sanitizeHtml } from "./outputs/sanitize";
import type { Attachments } from "./outputs/sanitize";

export type { Attachments } from "./outputs/sanitize";

export interface Heading {
  level: number;
  text: string;
  id: string;
}

type KatexPlugin = typeof markdownItKatexModule;
// The plugin is CommonJS: bundlers hand over its default export, Node's interop the whole module object.
const markdownItKatex: KatexPlugin =
  typeof markdownItKatexModule === "function"
    ? markdownItKatexModule
    : (markdownItKatexModule as unknown as { default: KatexPlugin }).default;

// No \href/\html* (trust), and no giant \rule boxes that could cover the page (maxSize, in em).
const KATEX_OPTIONS = { throwOnError: false, strict: "ignore", trust: false, maxSize: 50 } as const;

/** Plain text of a heading's inline content (formatting dropped, math kept as its TeX source). */
function inlineText(inline: Token | undefined): string {
  const parts = (inline?.children ?? []).map((child) => {
    if (child.type === "softbreak" || child.type === "hardbreak") return " ";
    if (child.type === "image") return inlineText(child);
    return ["text", "code_inline", "math_inline", "text_special", "entity"].includes(child.type) ? child.content : "";
  });
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** GitHub-style anchor: lower case, punctuation dropped, spaces as hyphens. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
  return slug || "section";
}

/** Core rule: gives every heading a stable id (duplicates get -1, -2, ...) and records its text. */
function headingIds(state: StateCore): void {
  const used = new Map<string, number>();
  state.tokens.forEach((token, i) => {
    if (token.type !== "heading_open") return;
    const text = inlineText(state.tokens[i + 1]);
    const base = slugify(text);
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    token.attrSet("id", count === 0 ? base : `${base}-${count}`);
    token.meta = { ...(token.meta as object | null), headingText: text };
  });
}

const md = new MarkdownIt({ html: true, linkify: true, breaks: false });
md.use(markdownItKatex, {
  ...KATEX_OPTIONS,
  // Our KaTeX (whose CSS and fonts we ship), not the plugin's bundled copy; its types lag behind.
  katex: katex as unknown as MarkdownKatexOptions["katex"],
  enableBareBlocks: true,
  enableMathBlockInHtml: true,
  enableMathInlineInHtml: true,
});
md.core.ruler.push("heading_ids", headingIds);

/** Headings of a Markdown source, in order, with the ids renderMarkdown gives them (not from code blocks). */
export function extractHeadings(source: string): Heading[] {
  return md
    .parse(source, {})
    .filter((token) => token.type === "heading_open")
    .map((token) => ({
      level: Number(token.tag.slice(1)),
      text: String((token.meta as { headingText?: string } | null)?.headingText ?? ""),
      id: String(token.attrGet("id") ?? ""),
    }));
}

const CACHE_LIMIT = 200;
const renderCache = new Map<string, string>();

/**
 * Markdown (CommonMark + tables, linkify, $...$ and $$...$$ math via KaTeX) to sanitized HTML.
 * Scripts, event handlers, javascript: URLs, iframes and forms are removed; `attachment:NAME`
 * images resolve to data URLs from the cell's attachments; headings carry ids (see extractHeadings).
 */
export function renderMarkdown(source: string, attachments?: Attachments): string {
  const cacheable = !attachments || Object.keys(attachments).length === 0;
  const cached = cacheable ? renderCache.get(source) : undefined;
  if (cached !== undefined) return cached;
  const html = sanitizeHtml(md.render(source), attachments);
  if (cacheable) {
    if (renderCache.size >= CACHE_LIMIT) renderCache.delete(renderCache.keys().next().value as string);
    renderCache.set(source, html);
  }
  return html;
}

const DISPLAY_MATH = [/^\$\$([\s\S]+?)\$\$$/, /^\\\[([\s\S]+)\\\]$/];
const INLINE_MATH = [/^\$([^$]+)\$$/, /^\\\(([\s\S]+)\\\)$/];

/** A text/latex output: one formula ($$..$$, \[..\], $..$, \(..\), \begin{..}) or text with math in it. */
export function renderLatex(source: string): string {
  const text = source.trim();
  const render = (tex: string, displayMode: boolean) =>
    sanitizeHtml(katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode }));
  for (const pattern of DISPLAY_MATH) {
    const match = pattern.exec(text);
    if (match && !(match[1] ?? "").includes("$$")) return render(match[1] ?? "", true);
  }
  for (const pattern of INLINE_MATH) {
    const match = pattern.exec(text);
    if (match) return render(match[1] ?? "", false);
  }
  if (/^\\begin\{/.test(text)) return render(text, true);
  return renderMarkdown(source);
}
