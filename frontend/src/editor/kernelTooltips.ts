import { StateEffect, StateField, type Extension } from "@codemirror/state";
import { EditorView, hoverTooltip, keymap, showTooltip, type Tooltip } from "@codemirror/view";
import { inspectText, type EditorKernel } from "./kernelServices";
import { toCodePointOffset } from "./positions";

function tooltipDom(text: string): HTMLElement {
  const dom = document.createElement("div");
  dom.className = "cm-kernel-help";
  const pre = document.createElement("pre");
  pre.textContent = text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
  dom.appendChild(pre);
  return dom;
}

async function helpAt(kernel: EditorKernel, view: EditorView, pos: number): Promise<string | null> {
  const code = view.state.doc.toString();
  try {
    return inspectText(await kernel.inspect(code, toCodePointOffset(code, pos), 0));
  } catch {
    return null;
  }
}

const setHelp = StateEffect.define<Tooltip | null>();

/** The Shift+Tab help tooltip at the cursor; gone on the next edit, move or Escape. */
const helpField = StateField.define<Tooltip | null>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(setHelp)) return effect.value;
    return tr.docChanged || tr.selection ? null : value;
  },
  provide: (field) => showTooltip.from(field),
});

/** Help from the kernel (`inspect_request`) on hover over a name and on Shift+Tab. */
export function kernelTooltips(kernel: () => EditorKernel | null): Extension {
  const hover = hoverTooltip(
    async (view, pos) => {
      const service = kernel();
      const word = view.state.wordAt(pos);
      if (!service || !word) return null;
      const text = await helpAt(service, view, word.to);
      return text ? { pos: word.from, end: word.to, above: true, create: () => ({ dom: tooltipDom(text) }) } : null;
    },
    { hoverTime: 600 },
  );
  const showHelp = (view: EditorView): boolean => {
    const service = kernel();
    if (!service) return false;
    const pos = view.state.selection.main.head;
    void helpAt(service, view, pos).then((text) => {
      if (!text || view.state.selection.main.head !== pos) return;
      view.dispatch({ effects: setHelp.of({ pos, above: true, create: () => ({ dom: tooltipDom(text) }) }) });
    });
    return true;
  };
  const closeHelp = (view: EditorView): boolean => {
    if (!view.state.field(helpField)) return false;
    view.dispatch({ effects: setHelp.of(null) });
    return true;
  };
  return [
    helpField,
    hover,
    keymap.of([{ key: "Shift-Tab", run: showHelp }, { key: "Escape", run: closeHelp }]),
    EditorView.domEventHandlers({ blur: (_event, view) => void closeHelp(view) }),
  ];
}
