import { useEffect, useRef, useState, type ReactNode } from "react";

/** Taller than this, an output scrolls in a box of its own (as Jupyter's "scrolled" outputs). */
export const LONG_OUTPUT_PX = 720;

/**
 * A long output scrolls inside a box of its own instead of pushing the rest of the notebook down:
 * while a cell streams, the cells below (and a cursor in one of them) stay put and only the box
 * repaints. The box follows the newest lines unless its reader has scrolled up. A button beside
 * it shows the whole output, and brings the box back.
 */
export function ScrolledOutputs({ children, running }: { children: ReactNode; running: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const [long, setLong] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const followed = useRef(true); // the reader is at the newest lines (or has not scrolled)
  const runningRef = useRef(running);
  runningRef.current = running;
  const scrolled = long && !expanded;

  useEffect(() => {
    const inner = content.current;
    if (!inner || typeof ResizeObserver !== "function") return;
    const observer = new ResizeObserver(() => {
      setLong(inner.offsetHeight > LONG_OUTPUT_PX);
      const outer = box.current;
      if (outer && runningRef.current && followed.current) outer.scrollTop = outer.scrollHeight;
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const outer = box.current;
    if (outer) followed.current = outer.scrollTop + outer.clientHeight >= outer.scrollHeight - 8;
  };

  return (
    <div className="output-scroll-row">
      {long && (
        <button
          type="button"
          className="output-scroll-toggle"
          aria-pressed={!scrolled}
          aria-label={scrolled ? "Show the whole output" : "Scroll the output in a box"}
          title={scrolled ? "Show the whole output" : "Scroll the output in a box"}
          onClick={() => setExpanded((value) => !value)}
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d={scrolled ? "M8 1l4 4H4zm0 14l-4-4h8z" : "M8 7L4 3h8zm0 2l4 4H4z"} fill="currentColor" />
          </svg>
        </button>
      )}
      <div
        className={scrolled ? "output-scroll-box scrolled" : "output-scroll-box"}
        ref={box}
        onScroll={scrolled ? onScroll : undefined}
        tabIndex={scrolled ? 0 : undefined}
        aria-label={scrolled ? "Output (scrolls)" : undefined}
        role={scrolled ? "region" : undefined}
      >
        <div ref={content}>{children}</div>
      </div>
    </div>
  );
}
