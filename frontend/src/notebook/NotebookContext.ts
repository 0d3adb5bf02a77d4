import { createContext, useContext, type ReactNode } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { EditorKernel } from "../editor/kernelServices";
import type { EditorMode } from "./commands/registry";
import type { EditorRegistry } from "./cell/editorRegistry";
import type { VisibilityTracker } from "./cell/visibility";
import type { NotebookController } from "./model/NotebookController";

/** What every cell of the open notebook shares; stable for the life of the page. */
export interface NotebookContextValue {
  notebookId: string;
  /** A viewer or commenter: the editors are read-only, nothing edits or runs. */
  readOnly: boolean;
  controller: NotebookController;
  awareness: Awareness | null;
  kernel: EditorKernel | null;
  editors: EditorRegistry;
  visibility: VisibilityTracker;
  /** Keyboard shortcuts of the notebook; true when the key was handled. */
  handleKey(event: KeyboardEvent, mode: EditorMode): boolean;
  replyInput(value: string): void;
  widgetRenderer?: (data: { model_id: string }) => ReactNode;
}

export const NotebookContext = createContext<NotebookContextValue | null>(null);

export function useNotebookContext(): NotebookContextValue {
  const value = useContext(NotebookContext);
  if (!value) throw new Error("useNotebookContext outside a notebook");
  return value;
}
