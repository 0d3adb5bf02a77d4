import { closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, indentMore, toggleComment } from "@codemirror/commands";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { EditorState, type Extension } from "@codemirror/state";
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightSpecialChars,
  keymap,
  rectangularSelection,
} from "@codemirror/view";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { editorTheme, highlightStyle } from "./theme";

export interface CollabBinding {
  ytext: Y.Text;
  awareness: Awareness | null;
  undoManager: Y.UndoManager;
}

/** Editing basics shared by code and text cells: multi-cursor, search panel, comments, brackets. */
export function baseExtensions(binding: CollabBinding): Extension[] {
  return [
    highlightSpecialChars(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    rectangularSelection(),
    crosshairCursor(),
    indentOnInput(),
    indentUnit.of("  "),
    bracketMatching(),
    closeBrackets(),
    highlightSelectionMatches(),
    search({ top: true }),
    EditorView.lineWrapping,
    syntaxHighlighting(highlightStyle),
    editorTheme,
    yCollab(binding.ytext, binding.awareness, { undoManager: binding.undoManager }),
    keymap.of([
      { key: "Mod-/", run: toggleComment },
      ...closeBracketsKeymap,
      ...completionKeymap,
      ...searchKeymap,
      ...yUndoManagerKeymap,
      { key: "Tab", run: indentMore },
      ...defaultKeymap,
    ]),
  ];
}

