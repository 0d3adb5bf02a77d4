import { markdown } from "@codemirror/lang-markdown";
import type { Extension } from "@codemirror/state";
import { baseExtensions, type CollabBinding } from "./baseExtensions";

/** A text cell's editor: Markdown source, collaborative editing. */
export function markdownCellExtensions(binding: CollabBinding): Extension[] {
  return [markdown(), ...baseExtensions(binding)];
}
