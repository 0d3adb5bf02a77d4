import type { CompleteResult, InspectResult } from "../live/protocol";

/** What the code editor asks the kernel (the notebook's KernelActions provide it). */
export interface EditorKernel {
  complete(code: string, cursorPos: number): Promise<CompleteResult>;
  inspect(code: string, cursorPos: number, detailLevel: 0 | 1): Promise<InspectResult>;
}

// eslint-disable-next-line no-control-regex -- ESC (\u001b) starts the terminal colour codes this strips
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The plain-text help in an inspect reply, without terminal colours; null when none. */
export function inspectText(result: InspectResult): string | null {
  if (!result.found) return null;
  const plain = result.data["text/plain"];
  return typeof plain === "string" && plain.trim() !== "" ? plain.replace(ANSI, "") : null;
}
