// The notebook's runtime as the chrome sees it: found in GET /api/runtimes, kept current by
// server-sent events and polling, with the operations of the Runtime menu.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, errorMessage } from "../api/errors";
import { runtimeApi, type RuntimeInfo, type UsageSample } from "./api";
import { effectOf, useRuntimeEvents } from "./events";
import { appendSample, usePolling } from "./polling";
import { deriveStatus, isConnected, type RuntimeStatus } from "./status";

export const USAGE_INTERVAL_MS = 5000;
export const PENDING_INTERVAL_MS = 2000;
export const MAX_USAGE_SAMPLES = 60;

export interface RuntimeController {
  runtime: RuntimeInfo | null;
  status: RuntimeStatus;
  queuePosition: number | null;
  usage: UsageSample[];
  error: string | null;
  warning: string | null;
  connect(runtimeType?: string): Promise<void>;
  interrupt(): Promise<void>;
  restart(): Promise<void>;
  reset(): Promise<void>;
  disconnect(): Promise<void>;
  refresh(): Promise<void>;
}

interface History {
  runtimeId: string | null;
  samples: UsageSample[];
}

function isGone(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

export function useRuntime(notebookId: string): RuntimeController {
  const [runtime, setRuntime] = useState<RuntimeInfo | null>(null);
  const [connecting, setConnecting] = useState(false);
  const [history, setHistory] = useState<History>({ runtimeId: null, samples: [] });
  const [error, setError] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const runtimeId = runtime?.id ?? null;
  const status = deriveStatus(runtime, connecting);

  const refresh = useCallback(async () => {
    try {
      const mine = await runtimeApi.list();
      setRuntime(mine.find((r) => r.notebook_id === notebookId) ?? null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [notebookId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useRuntimeEvents((event) => {
    const effect = effectOf(event, runtimeId);
    if (effect.warning !== undefined) setWarning(effect.warning);
    if (effect.error !== undefined) setError(effect.error);
    if (effect.refresh) void refresh();
  });

  const pending = status === "queued" || status === "starting";
  usePolling(
    async () => {
      if (runtimeId === null) return;
      try {
        const [info, usage] = await Promise.all([
          runtimeApi.get(runtimeId),
          pending ? Promise.resolve(null) : runtimeApi.usage(runtimeId),
        ]);
        setRuntime(info);
        if (usage) {
          const sample = { ...usage, at: Date.now() };
          setHistory((h) => ({
            runtimeId,
            samples: appendSample(h.runtimeId === runtimeId ? h.samples : [], sample, MAX_USAGE_SAMPLES),
          }));
        }
      } catch (err) {
        if (isGone(err)) setRuntime(null);
      }
    },
    isConnected(status) ? USAGE_INTERVAL_MS : pending ? PENDING_INTERVAL_MS : null,
    runtimeId,
  );

  // A connect waits for the runtime to start (a first start may build its image): meanwhile the
  // list shows the new runtime starting, with the progress of that build.
  usePolling(refresh, connecting ? PENDING_INTERVAL_MS : null, "connecting");

  const operate = useCallback(
    async (operation: (id: string) => Promise<RuntimeInfo | undefined>, clearsNotices: boolean) => {
      if (runtimeId === null) return;
      try {
        const info = await operation(runtimeId);
        setRuntime(info ?? null);
        if (clearsNotices) {
          setError(null);
          setWarning(null);
        }
      } catch (err) {
        if (isGone(err)) setRuntime(null);
        setError(errorMessage(err));
      }
    },
    [runtimeId],
  );

  // Connect without a type (the Connect button) asks again for the type last asked for.
  const lastType = useRef<string | undefined>(undefined);
  const connect = useCallback(
    async (runtimeType?: string) => {
      lastType.current = runtimeType ?? lastType.current ?? runtime?.runtime_type;
      setConnecting(true);
      setError(null);
      setWarning(null);
      try {
        setRuntime(await runtimeApi.connect(notebookId, lastType.current));
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        setConnecting(false);
      }
    },
    [notebookId, runtime?.runtime_type],
  );

  return {
    runtime,
    status,
    queuePosition: runtime?.state === "queued" ? (runtime.queue_position ?? null) : null,
    usage: history.runtimeId === runtimeId ? history.samples : [],
    error,
    warning,
    connect,
    interrupt: () => operate(runtimeApi.interrupt, false),
    restart: () => operate(runtimeApi.restart, true),
    reset: () => operate(runtimeApi.reset, true),
    disconnect: () => operate(async (id) => void (await runtimeApi.remove(id)), true),
    refresh,
  };
}
