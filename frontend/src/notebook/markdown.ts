import MarkdownIt from "markdown-it";
import DOMPurify from "dompurify";

const md = new MarkdownIt({ html: true, linkify: true, breaks: false });

let hooksInstalled = false;
function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  DOMPurify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A" && node.getAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });
}

/** Markdown to sanitized HTML: scripts, event handlers, iframes and javascript: URLs are removed. */
export function renderMarkdown(source: string): string {
  installHooks();
  return DOMPurify.sanitize(md.render(source), {
    FORBID_TAGS: ["style", "iframe", "form", "input", "button", "object", "embed"],
    ADD_ATTR: ["target"],
  });
}
