import { HighlightStyle } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

/** Colours come from CSS variables so the light and dark themes share one editor theme. */
export const editorTheme = EditorView.theme({
  "&": { backgroundColor: "transparent", color: "var(--cm-text, #1f1f1f)", fontSize: "var(--editor-font-size, 14px)" },
  "&.cm-focused": { outline: "none" },
  ".cm-content": { fontFamily: "var(--code-font, ui-monospace, Menlo, Consolas, monospace)", padding: "6px 0", lineHeight: "1.43" },
  ".cm-line": { padding: "0 8px" },
  ".cm-cursor": { borderLeftColor: "var(--cm-cursor, #1f1f1f)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "var(--cm-selection, #d7e4f7)" },
  ".cm-matchingBracket": { backgroundColor: "var(--cm-bracket, #c8e6c9)", outline: "none" },
  ".cm-tooltip": { border: "1px solid var(--border, #dadce0)", backgroundColor: "var(--surface, #fff)" },
  ".cm-kernel-help pre": { margin: 0, padding: "6px 8px", maxWidth: "640px", maxHeight: "320px", overflow: "auto", fontSize: "12px", whiteSpace: "pre-wrap" },
  ".cm-panels": { backgroundColor: "var(--surface-2, #f1f3f4)", color: "inherit" },
});

export const highlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--syn-keyword, #8430ce)" },
  { tag: [tags.definition(tags.variableName), tags.function(tags.definition(tags.variableName))], color: "var(--syn-def, #1967d2)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--syn-string, #188038)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--syn-number, #c5221f)" },
  { tag: tags.comment, color: "var(--syn-comment, #5f6368)", fontStyle: "italic" },
  { tag: [tags.className, tags.typeName], color: "var(--syn-type, #b06000)" },
  { tag: tags.operator, color: "var(--syn-operator, #3c4043)" },
  { tag: tags.heading, fontWeight: "bold", color: "var(--syn-heading, #1967d2)" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strong, fontWeight: "bold" },
  { tag: tags.link, color: "var(--syn-link, #1a73e8)", textDecoration: "underline" },
]);
