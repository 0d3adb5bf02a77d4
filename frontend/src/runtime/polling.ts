// Repeats an async task while a view needs it; the latest task closure is always the one run.
import { useEffect, useRef } from "react";

/**
 * Runs `task` at once and then `intervalMs` after each run ends, while `intervalMs` is not null.
 * A change of `intervalMs` or `key` starts over (with an immediate run). Failures are the task's
 * business: a throw only skips to the next round.
 */
export function usePolling(task: () => Promise<void>, intervalMs: number | null, key: string | null = null): void {
  const latest = useRef(task);
  useEffect(() => {
    latest.current = task;
  });
  useEffect(() => {
    if (intervalMs === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        await latest.current();
      } catch {
        // the next round may do better
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [intervalMs, key]);
}

/** `samples` with `sample` appended, keeping the last `max`. */
export function appendSample<T>(samples: readonly T[], sample: T, max: number): T[] {
  const next = [...samples, sample];
  return next.length > max ? next.slice(next.length - max) : next;
}
