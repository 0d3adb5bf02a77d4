import type { CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import type { EditorKernel } from "./kernelServices";
import { toCodePointOffset, toUtf16Offset } from "./positions";

function completionType(metadata: Record<string, unknown>, index: number): string | undefined {
  const experimental = metadata._jupyter_types_experimental;
  if (!Array.isArray(experimental)) return undefined;
  const entry: unknown = experimental[index];
  if (entry && typeof entry === "object" && "type" in entry && typeof entry.type === "string") {
    return entry.type === "instance" ? "variable" : entry.type;
  }
  return undefined;
}

/** Completions from the kernel (`complete_request`): on Tab/Ctrl+Space, or after typing `.` or a word. */
export function kernelCompletionSource(kernel: () => EditorKernel | null): CompletionSource {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const service = kernel();
    if (!service) return null;
    const word = context.matchBefore(/[\w.]+$/);
    if (!context.explicit && (!word || word.text.length < 2)) return null;
    const code = context.state.doc.toString();
    let reply;
    try {
      reply = await service.complete(code, toCodePointOffset(code, context.pos));
    } catch {
      return null;
    }
    if (context.aborted || reply.matches.length === 0) return null;
    return {
      from: toUtf16Offset(code, reply.cursor_start),
      to: toUtf16Offset(code, reply.cursor_end),
      options: reply.matches.map((label, i) => ({ label, type: completionType(reply.metadata, i) })),
      validFor: /^[\w]*$/,
    };
  };
}
