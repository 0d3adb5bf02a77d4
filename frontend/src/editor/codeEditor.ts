import { autocompletion } from "@codemirror/autocomplete";
import { python } from "@codemirror/lang-python";
import type { Extension } from "@codemirror/state";
import { baseExtensions, type CollabBinding } from "./baseExtensions";
import { kernelCompletionSource } from "./kernelCompletion";
import type { EditorKernel } from "./kernelServices";
import { kernelTooltips } from "./kernelTooltips";

/** A code cell's editor: Python, kernel completion and help, collaborative editing. */
export function codeCellExtensions(binding: CollabBinding, kernel: () => EditorKernel | null): Extension[] {
  return [
    python(),
    autocompletion({ override: [kernelCompletionSource(kernel)], activateOnTyping: true }),
    kernelTooltips(kernel),
    ...baseExtensions(binding),
  ];
}
