import type { YNotebook } from "@jupyter/ydoc";
import { useEffect, useState } from "react";
import * as Y from "yjs";
import type { Heading } from "../markdown";
import { useMarkdownRenderer, type MarkdownRenderer } from "../markdownLoader";
import { cellKind } from "./cells";

export interface CellHeading {
  cellId: string;
  level: number;
  text: string;
}

const parsed = new WeakMap<Y.Text, { source: string; headings: Heading[] }>();

type Extract = MarkdownRenderer["extractHeadings"];

/** Headings of one text cell, parsed again only when its source changed. */
function cellHeadings(ytext: Y.Text, extractHeadings: Extract): Heading[] {
  const source = ytext.toString();
  const cached = parsed.get(ytext);
  if (cached && cached.source === source) return cached.headings;
  const headings = extractHeadings(source);
  parsed.set(ytext, { source, headings });
  return headings;
}

/** Whether a change can move headings: cells added/removed/moved, or a text cell's source edited. */
function touchesHeadings(events: Y.YEvent<Y.AbstractType<unknown>>[], cells: Y.Array<unknown>): boolean {
  return events.some((event) => {
    if (event.target === cells) return true;
    const parent = event.target.parent;
    return event.target instanceof Y.Text && parent instanceof Y.Map && parent.get("cell_type") === "markdown";
  });
}

/** Every Markdown heading of the notebook, in order (first of each text cell marks its section). */
export function notebookHeadings(model: YNotebook, extractHeadings: Extract): CellHeading[] {
  const headings: CellHeading[] = [];
  for (const cell of model.cells) {
    if (cellKind(cell) !== "markdown") continue;
    for (const h of cellHeadings(cell.ysource, extractHeadings)) headings.push({ cellId: cell.getId(), level: h.level, text: h.text });
  }
  return headings;
}

const NONE: CellHeading[] = [];

/**
 * The headings, recomputed at most every `delayMs` while the notebook changes; none until the
 * Markdown renderer has loaded (it parses them).
 */
export function useHeadings(model: YNotebook, delayMs = 300): CellHeading[] {
  const extractHeadings = useMarkdownRenderer()?.extractHeadings;
  const [headings, setHeadings] = useState(() => (extractHeadings ? notebookHeadings(model, extractHeadings) : NONE));
  useEffect(() => {
    if (!extractHeadings) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const cells = model.ydoc.getArray("cells");
    const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      if (timer || !touchesHeadings(events, cells)) return;
      timer = setTimeout(() => {
        timer = null;
        setHeadings((old) => {
          const next = notebookHeadings(model, extractHeadings);
          return JSON.stringify(next) === JSON.stringify(old) ? old : next;
        });
      }, delayMs);
    };
    setHeadings(notebookHeadings(model, extractHeadings));
    cells.observeDeep(onChange);
    return () => {
      cells.unobserveDeep(onChange);
      if (timer) clearTimeout(timer);
    };
  }, [model, delayMs, extractHeadings]);
  return headings;
}
