import { api } from "../api/client";
import type { ControlClient } from "./controlClient";
import type { CompleteResult, InspectResult } from "./protocol";

/** Everything the editor asks of the notebook's kernel. */
export interface KernelActions {
  execute(cellIds: string[]): Promise<void>;
  executeAll(): Promise<void>;
  /** Runs `code` in place of the cell's source (Run selection); the outputs go to the cell. */
  executeCode(cellId: string, code: string): Promise<void>;
  inputReply(value: string): Promise<void>;
  complete(code: string, cursorPos: number): Promise<CompleteResult>;
  inspect(code: string, cursorPos: number, detailLevel: 0 | 1): Promise<InspectResult>;
  interrupt(): Promise<void>;
  restart(): Promise<void>;
}

/** The runtime controller's part used by the REST flavour (interrupt/restart go through it). */
export interface RuntimeControls {
  interrupt(): Promise<unknown> | void;
  restart(): Promise<unknown> | void;
}

/**
 * Whether requests travel as JSON text frames on the live socket (true) or as REST calls. This is
 * the one switch between the two. Over the socket, "run" is ordered after the edits sent before it.
 */
export const CONTROL_OVER_SOCKET = true;

const path = (notebookId: string, action: string) => `/api/notebooks/${encodeURIComponent(notebookId)}/${action}`;

/**
 * REST flavour. A REST call can overtake the socket's document updates, so runs first wait until
 * the edits typed before them are stored (`whenSaved`).
 */
export function restKernelActions(
  notebookId: string,
  runtime: () => RuntimeControls | null,
  whenSaved: () => Promise<void> = () => Promise.resolve(),
): KernelActions {
  return {
    execute: async (cellIds) => {
      await whenSaved();
      await api.post(path(notebookId, "execute"), { cell_ids: cellIds });
    },
    executeAll: async () => {
      await whenSaved();
      await api.post(path(notebookId, "execute"), { all: true });
    },
    executeCode: async (cellId, code) => {
      await whenSaved();
      await api.post(path(notebookId, "execute"), { cell_ids: [cellId], code });
    },
    inputReply: async (value) => {
      await api.post(path(notebookId, "input"), { value });
    },
    complete: (code, cursor_pos) => api.post<CompleteResult>(path(notebookId, "complete"), { code, cursor_pos }),
    inspect: (code, cursor_pos, detail_level) =>
      api.post<InspectResult>(path(notebookId, "inspect"), { code, cursor_pos, detail_level }),
    interrupt: async () => {
      await runtime()?.interrupt();
    },
    restart: async () => {
      await runtime()?.restart();
    },
  };
}

export function socketKernelActions(control: ControlClient): KernelActions {
  return {
    execute: async (cell_ids) => {
      await control.request({ type: "execute", cell_ids });
    },
    executeAll: async () => {
      await control.request({ type: "execute", all: true });
    },
    executeCode: async (cellId, code) => {
      await control.request({ type: "execute", cell_ids: [cellId], code });
    },
    inputReply: async (value) => {
      await control.request({ type: "input_reply", value });
    },
    complete: (code, cursor_pos) => control.request<CompleteResult>({ type: "complete", code, cursor_pos }),
    inspect: (code, cursor_pos, detail_level) =>
      control.request<InspectResult>({ type: "inspect", code, cursor_pos, detail_level }),
    interrupt: async () => {
      await control.request({ type: "interrupt" });
    },
    restart: async () => {
      await control.request({ type: "restart" }, 120_000);
    },
  };
}

export function createKernelActions(
  notebookId: string,
  control: ControlClient,
  runtime: () => RuntimeControls | null,
  whenSaved: () => Promise<void>,
): KernelActions {
  return CONTROL_OVER_SOCKET ? socketKernelActions(control) : restKernelActions(notebookId, runtime, whenSaved);
}

/** Actions that go to `target()` at each call: the hosted runtime's, or a local runtime's. */
export function switchableActions(target: () => KernelActions): KernelActions {
  return {
    execute: (ids) => target().execute(ids),
    executeAll: () => target().executeAll(),
    executeCode: (id, code) => target().executeCode(id, code),
    inputReply: (value) => target().inputReply(value),
    complete: (code, pos) => target().complete(code, pos),
    inspect: (code, pos, level) => target().inspect(code, pos, level),
    interrupt: () => target().interrupt(),
    restart: () => target().restart(),
  };
}
