import { Compartment, type Extension } from "@codemirror/state";
import { ViewPlugin } from "@codemirror/view";
import { baseExtensions, type CollabBinding } from "./baseExtensions";

// The Markdown language (with the HTML, CSS and JavaScript it nests) is loaded the first time a
// text cell is edited, not with the notebook: most opens never edit a text cell.
const language = new Compartment();

const loadLanguage = ViewPlugin.define((view) => {
  let live = true;
  import("@codemirror/lang-markdown").then(
    ({ markdown }) => {
      if (live) view.dispatch({ effects: language.reconfigure(markdown()) });
    },
    (error: unknown) => console.error("The Markdown editing mode did not load", error),
  );
  return {
    destroy() {
      live = false;
    },
  };
});

/** A text cell's editor: Markdown source (highlighted once its mode has loaded), collaborative editing. */
export function markdownCellExtensions(binding: CollabBinding): Extension[] {
  return [language.of([]), loadLanguage, ...baseExtensions(binding)];
}
