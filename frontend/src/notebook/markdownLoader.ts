import { lazyModule } from "../ui/lazyModule";

/**
 * The Markdown renderer (markdown-it, KaTeX, DOMPurify: about half of the editor's code) is its
 * own chunk, loaded when the first text cell or Markdown/LaTeX output asks for it: a notebook's
 * first cells paint without waiting for it, and show their text formatted a moment later.
 */
export type MarkdownRenderer = typeof import("./markdown");

const renderer = lazyModule(() => import("./markdown"), "The Markdown renderer");

export const loadMarkdownRenderer = renderer.load;
export const markdownRenderer = renderer.current;

/** The renderer for a component: null until it has loaded (asking starts the load), then the module. */
export function useMarkdownRenderer(): MarkdownRenderer | null {
  return renderer.use().module;
}
