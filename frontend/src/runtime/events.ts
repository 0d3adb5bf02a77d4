// The server-sent runtime events (GET /api/runtimes/events) and what each means for one notebook.
import { useEffect, useRef } from "react";
import { runtimeApi } from "./api";

export const EVENT_KINDS = ["state", "idle_warning", "lifetime_warning", "culled", "died", "link"] as const;
export type RuntimeEventKind = (typeof EVENT_KINDS)[number];

export interface RuntimeEventMessage {
  kind: RuntimeEventKind;
  runtime_id: string;
  message: string;
  seconds_left?: number;
  reason?: string;
}

/** What the controller does about an event; `warning`/`error` undefined means "leave as is". */
export interface EventEffect {
  refresh: boolean;
  warning?: string | null;
  error?: string | null;
}

/**
 * An event about `currentId` (or any event while this notebook has no runtime, which may be one
 * connected elsewhere) asks for a refresh; warnings and deaths carry their message.
 */
export function effectOf(event: RuntimeEventMessage, currentId: string | null): EventEffect {
  const mine = currentId !== null && event.runtime_id === currentId;
  if (!mine) return { refresh: currentId === null && event.kind === "state" };
  switch (event.kind) {
    case "idle_warning":
    case "lifetime_warning":
      return { refresh: false, warning: event.message };
    case "culled":
      return { refresh: true, warning: event.message };
    case "died":
      return { refresh: true, error: event.message };
    case "link": // a `collaboratory connect` machine lost its link (shown) or got it back (cleared)
      return { refresh: false, warning: event.reason === "lost" ? event.message : null };
    case "state":
      return { refresh: true, error: null };
  }
}

export function parseEvent(kind: RuntimeEventKind, data: string): RuntimeEventMessage | null {
  try {
    const body = JSON.parse(data) as Record<string, unknown>;
    if (typeof body.runtime_id !== "string") return null;
    return {
      kind,
      runtime_id: body.runtime_id,
      message: typeof body.message === "string" ? body.message : "",
      seconds_left: typeof body.seconds_left === "number" ? body.seconds_left : undefined,
      reason: typeof body.reason === "string" ? body.reason : undefined,
    };
  } catch {
    return null;
  }
}

/** Follows the event stream while mounted (EventSource reconnects by itself). */
export function useRuntimeEvents(onEvent: (event: RuntimeEventMessage) => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(runtimeApi.eventsUrl);
    for (const kind of EVENT_KINDS) {
      source.addEventListener(kind, (ev: MessageEvent<string>) => {
        const event = parseEvent(kind, ev.data);
        if (event) handler.current(event);
      });
    }
    return () => source.close();
  }, []);
}
