import { useEffect, useRef, useState } from "react";

/** Sandbox for untrusted HTML output: scripts may run, but in an opaque origin (no allow-same-origin). */
export const HTML_OUTPUT_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox";

// Posts the document height to the parent so the frame can size itself without same-origin access.
const RESIZE_SCRIPT = `<script>(function(){function s(){parent.postMessage({collaboratoryFrameHeight:document.documentElement.scrollHeight},"*")}
window.addEventListener("load",s);new ResizeObserver(s).observe(document.documentElement);})();</script>`;

const BASE_STYLE = `<style>body{margin:0;padding:4px 12px;font:14px/1.45 Roboto,"Segoe UI",Arial,sans-serif;color:#202124}
table{border-collapse:collapse}th,td{border:1px solid #dadce0;padding:4px 8px;text-align:right}
th{background:#f8f9fa}</style>`;

export function htmlDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8">${BASE_STYLE}</head><body>${html}${RESIZE_SCRIPT}</body></html>`;
}

export function HtmlOutput({ html }: { html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(40);

  useEffect(() => {
    function onMessage(ev: MessageEvent) {
      if (!frame.current || ev.source !== frame.current.contentWindow) return;
      const data: unknown = ev.data;
      if (typeof data === "object" && data !== null && "collaboratoryFrameHeight" in data) {
        const h = Number((data as { collaboratoryFrameHeight: unknown }).collaboratoryFrameHeight);
        if (Number.isFinite(h)) setHeight(Math.min(Math.max(h, 16), 4000));
      }
    }
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  return (
    <iframe
      ref={frame}
      className="output-html"
      title="HTML output"
      sandbox={HTML_OUTPUT_SANDBOX}
      srcDoc={htmlDocument(html)}
      style={{ height }}
    />
  );
}
