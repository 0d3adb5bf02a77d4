import { useEffect, useState, type RefObject } from "react";

/**
 * One IntersectionObserver for all cells: tells each cell whether it is near the viewport, so
 * only those mount a CodeMirror editor.
 */
export class VisibilityTracker {
  private readonly observer: IntersectionObserver | null;
  private readonly callbacks = new WeakMap<Element, (near: boolean) => void>();

  constructor(rootMargin = "800px 0px") {
    this.observer =
      typeof IntersectionObserver === "function"
        ? new IntersectionObserver(
            (entries) => {
              for (const entry of entries) this.callbacks.get(entry.target)?.(entry.isIntersecting);
            },
            { rootMargin },
          )
        : null;
  }

  /** Whether visibility is tracked at all (false: everything counts as near). */
  get tracking(): boolean {
    return this.observer !== null;
  }

  observe(element: Element, callback: (near: boolean) => void): () => void {
    if (!this.observer) return () => undefined;
    this.callbacks.set(element, callback);
    this.observer.observe(element);
    return () => {
      this.observer?.unobserve(element);
      this.callbacks.delete(element);
    };
  }

  dispose(): void {
    this.observer?.disconnect();
  }
}

/**
 * Whether the element is near the viewport, settled: it must stay near for `enterMs` (so a fast
 * scroll does not mount every editor it passes; mounting one costs a layout) and away for
 * `leaveMs` before it counts as gone.
 */
export function useNearViewport(
  tracker: VisibilityTracker,
  ref: RefObject<Element | null>,
  enterMs = 120,
  leaveMs = 1500,
): boolean {
  const [near, setNear] = useState(!tracker.tracking);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let first = true; // on opening, what is on screen mounts at once
    const stop = tracker.observe(element, (isNear) => {
      if (timer) clearTimeout(timer);
      if (first) {
        first = false;
        setNear(isNear);
        return;
      }
      timer = setTimeout(() => setNear(isNear), isNear ? enterMs : leaveMs);
    });
    return () => {
      if (timer) clearTimeout(timer);
      stop();
    };
  }, [tracker, ref, enterMs, leaveMs]);
  return near;
}
