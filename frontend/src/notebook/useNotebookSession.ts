import { createElement, useEffect, useMemo, useRef } from "react";
import type { LiveNotebook } from "../live/liveNotebook";
import { useShareSelectedCell } from "../presence/cellPresence";
import { createWidgetManager, type WidgetManagerHandle } from "../widgets/createWidgetManager";
import { EditorRegistry } from "./cell/editorRegistry";
import { VisibilityTracker } from "./cell/visibility";
import { WidgetOutput } from "./cell/WidgetOutput";
import { notebookCommands, readOnlyCommands, type PageActions } from "./commands/notebookCommands";
import { KeymapDispatcher, type Command } from "./commands/registry";
import { NotebookController, errorText } from "./model/NotebookController";
import type { NotebookContextValue } from "./NotebookContext";

export interface NotebookSession {
  controller: NotebookController;
  commands: Command[];
  context: NotebookContextValue;
}

function cellElement(cellId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`section[data-cell-id="${CSS.escape(cellId)}"]`);
}

/** Command mode: the cell itself takes the focus (out of its editor), scrolled into view. */
function focusCellElement(cellId: string): void {
  const focus = () => {
    const element = cellElement(cellId);
    if (!element) return false;
    if (document.activeElement !== element) element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest" });
    return true;
  };
  // Now when the cell is on the page (keys typed next must not reach its editor), else once rendered.
  if (!focus()) requestAnimationFrame(focus);
}

/** Edit mode: scroll the cell into view; its editor takes the focus once mounted. */
function revealCell(cellId: string): void {
  requestAnimationFrame(() => cellElement(cellId)?.scrollIntoView({ block: "nearest" }));
}

/**
 * The editor's controller, commands (keyboard, menus, palette) and the context cells share; a
 * read-only session (a viewer's, a commenter's) has no command that edits or runs.
 */
export function useNotebookSession(
  live: LiveNotebook,
  page: PageActions,
  onError: (message: string) => void,
  readOnly = false,
): NotebookSession {
  const controller = useMemo(() => new NotebookController(live.model, live.actions), [live]);
  const commands = useMemo(() => {
    const all = notebookCommands(controller, page);
    return readOnly ? readOnlyCommands(all) : all;
  }, [controller, page, readOnly]);
  const commandsRef = useRef(commands);
  commandsRef.current = commands;
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  // Created the first time a widget output shows; disposed with the page.
  const widgets = useRef<Promise<WidgetManagerHandle> | null>(null);

  const context = useMemo<NotebookContextValue>(() => {
    const editors = new EditorRegistry();
    const dispatcher = new KeymapDispatcher(() => commandsRef.current);
    const getManager = () => (widgets.current ??= createWidgetManager(live.widgetChannels));
    return {
      notebookId: live.notebookId,
      readOnly,
      controller,
      awareness: live.provider.awareness,
      kernel: live.actions,
      editors,
      visibility: new VisibilityTracker(),
      handleKey: (event, mode) => dispatcher.handle(event, mode),
      replyInput: (value) => {
        void live.actions.inputReply(value).catch((e: unknown) => onErrorRef.current(errorText(e)));
        // The prompt had the focus; give it back to the cell being edited.
        const active = controller.selection.activeId;
        if (active) editors.focus(active);
      },
      widgetRenderer: (data) => createElement(WidgetOutput, { modelId: data.model_id, manager: getManager }),
    };
  }, [live, controller, readOnly]);

  useEffect(() => {
    const { editors } = context;
    controller.focus = {
      focusEditor: (id) => {
        editors.focus(id);
        revealCell(id);
      },
      focusCell: (id) => {
        editors.focused(null);
        focusCellElement(id);
      },
    };
    controller.onError = (message) => onErrorRef.current(message);
    controller.selectedCode = (id) => editors.selectedCode(id);
    return () => {
      context.visibility.dispose();
      void widgets.current?.then((manager) => manager.dispose());
      widgets.current = null;
    };
  }, [context, controller]);
  useShareSelectedCell(live.provider.awareness, controller);
  return { controller, commands, context };
}
