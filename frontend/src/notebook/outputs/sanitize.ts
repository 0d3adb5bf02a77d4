import DOMPurify from "dompurify";
import type { UponSanitizeAttributeHookEvent } from "dompurify";
import { imageDataUrl } from "./mime";

/** A Markdown cell's attachments: name -> MIME bundle (base64 images). */
export type Attachments = Record<string, Record<string, unknown>>;

const FORBIDDEN_TAGS = [
  "style", "iframe", "frame", "frameset", "form", "input", "button", "select", "textarea", "option",
  "object", "embed", "base", "link", "meta", "dialog", "annotation-xml",
];
// KaTeX's MathML keeps the TeX source in <semantics><annotation encoding="application/x-tex">.
const EXTRA_TAGS = ["semantics", "annotation"];
const HEADING = /^H[1-6]$/;
const SLUG = /^[\p{L}\p{N}_-]+$/u;
// Content must not escape its cell: no fixed/sticky overlays over the app's own controls.
const ESCAPING_POSITION = /position\s*:\s*(fixed|sticky)/i;

// A private instance, so these hooks never touch other users of DOMPurify in the app.
const purifier = DOMPurify(window);
let currentAttachments: Attachments | undefined;

/** Data URL for `attachment:NAME` from the cell's attachments (first image type), or null. */
export function attachmentUrl(reference: string, attachments: Attachments | undefined): string | null {
  if (!attachments) return null;
  const raw = reference.slice("attachment:".length);
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // a stray % in the name: use it as written
  }
  const bundle = attachments[raw] ?? attachments[decoded];
  if (!bundle) return null;
  const mime = Object.keys(bundle).find((type) => type.startsWith("image/"));
  return mime ? imageDataUrl(mime, bundle[mime]) : null;
}

purifier.addHook("uponSanitizeAttribute", (node: Element, event: UponSanitizeAttributeHookEvent) => {
  if (event.attrName === "id" && HEADING.test(node.nodeName) && SLUG.test(event.attrValue)) {
    // Heading anchors are safe (DOMPurify's clobbering check would drop ids like "title").
    event.forceKeepAttr = true;
  } else if (event.attrName === "src" && node.nodeName === "IMG" && event.attrValue.startsWith("attachment:")) {
    const url = attachmentUrl(event.attrValue, currentAttachments);
    if (url) event.attrValue = url;
    else event.keepAttr = false;
  } else if (event.attrName === "style" && ESCAPING_POSITION.test(event.attrValue)) {
    event.keepAttr = false;
  }
});

purifier.addHook("afterSanitizeAttributes", (node: Element) => {
  if (node.nodeName !== "A") return;
  const href = node.getAttribute("href");
  if (href && !href.startsWith("#")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  } else {
    node.removeAttribute("target");
  }
});

/**
 * Sanitizes HTML for insertion into the app's own DOM: scripts, event handlers, javascript: URLs,
 * iframes, forms and styles sheets go; KaTeX's markup (spans with inline styles, MathML, SVG) stays.
 */
export function sanitizeHtml(html: string, attachments?: Attachments): string {
  currentAttachments = attachments;
  try {
    return purifier.sanitize(html, { FORBID_TAGS: FORBIDDEN_TAGS, ADD_TAGS: EXTRA_TAGS, FORBID_ATTR: ["formaction"] });
  } finally {
    currentAttachments = undefined;
  }
}
