import { useContext, useLayoutEffect, useMemo, useRef, useState } from "react";
import { NotebookContext } from "../NotebookContext";
import { COLAB_FRAME_API, OutputCellContext, handleInvoke } from "./colabKernel";

/**
 * Sandbox for untrusted HTML output: scripts may run, but in an opaque origin (no allow-same-origin);
 * popups it opens stay sandboxed too (no allow-popups-to-escape-sandbox). The server's policy for
 * OUTPUT_FRAME_URL repeats it (collaboratory/server/headers.py).
 */
export const HTML_OUTPUT_SANDBOX = "allow-scripts allow-popups";

/**
 * The document output frames load: it has its own Content-Security-Policy (a srcdoc frame would
 * inherit the app's, which forbids inline scripts), says when it is ready, and then writes the
 * document the app posts to it into itself.
 */
export const OUTPUT_FRAME_URL = "/output-frame";

const MIN_HEIGHT = 16;
/** Taller content scrolls inside its frame. */
const MAX_HEIGHT = 10000;
const INITIAL_HEIGHT = 24;

// Posts the content height to the parent whenever it changes, so the frame can fit its content without
// same-origin access. The body is measured (not the viewport), so the frame can shrink as well as grow.
const RESIZE_SCRIPT = `<script>(function(){var last=-1;function s(){var b=document.body;if(!b)return;
var h=Math.ceil(Math.max(b.scrollHeight,b.getBoundingClientRect().bottom));if(h!==last){last=h;
parent.postMessage({collaboratoryFrameHeight:h},"*");}}window.addEventListener("load",s);
if(window.ResizeObserver)new ResizeObserver(s).observe(document.body);s();setTimeout(s,500);})();</script>`;

const LIGHT = "color:#202124;background:#fff";
const DARK = "color:#e8eaed;background:#1f1f1f;color-scheme:dark";

function baseStyle(dark: boolean): string {
  return `<style>html,body{${dark ? DARK : LIGHT}}body{margin:0;padding:4px 12px;overflow-wrap:anywhere;
font:14px/1.45 Roboto,"Segoe UI",Arial,"DejaVu Sans",sans-serif}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid ${dark ? "#5f6368" : "#dadce0"};
padding:4px 8px;text-align:right}th{background:${dark ? "#2d2e30" : "#f8f9fa"}}
tbody tr:nth-child(odd){background:${dark ? "#262729" : "#fbfbfb"}}</style>`;
}

function isDarkTheme(): boolean {
  return typeof document !== "undefined" && document.documentElement.dataset.theme === "dark";
}

/**
 * The frame's whole document: base styles, links opening in new tabs, Colab's `google.colab` API,
 * the content, the resize script.
 */
export function htmlDocument(html: string, dark = false): string {
  return `<!doctype html><html><head><meta charset="utf-8"><base target="_blank">${baseStyle(dark)}${COLAB_FRAME_API}</head><body>${html}${RESIZE_SCRIPT}</body></html>`;
}

/** Script text safe to put inside <script>: it cannot close the element or open an HTML comment. */
export function scriptSafe(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** The message's data, if it really comes from that frame. */
function fromFrame(event: MessageEvent, frame: HTMLIFrameElement | null): object | null {
  if (!frame || event.source === null || event.source !== frame.contentWindow) return null;
  // A sandboxed frame without allow-same-origin always has the opaque origin "null".
  if (event.origin !== "null") return null;
  const data: unknown = event.data;
  return typeof data === "object" && data !== null ? data : null;
}

/** Whether the frame says its document is ready to take the output. */
export function frameReady(event: MessageEvent, frame: HTMLIFrameElement | null): boolean {
  const data = fromFrame(event, frame);
  return data !== null && "collaboratoryFrameReady" in data && data.collaboratoryFrameReady === true;
}

/** The height a frame reports, if the message really comes from that frame and is well formed. */
export function frameHeight(event: MessageEvent, frame: HTMLIFrameElement | null): number | null {
  const data = fromFrame(event, frame);
  if (data === null || !("collaboratoryFrameHeight" in data)) return null;
  const height = Number(data.collaboratoryFrameHeight);
  if (!Number.isFinite(height)) return null;
  return Math.min(Math.max(Math.ceil(height), MIN_HEIGHT), MAX_HEIGHT);
}

/** Untrusted HTML (with its scripts: plotly, folium, styled pandas) in a sandboxed, self-sizing iframe. */
export function HtmlOutput({ html, title = "HTML output" }: { html: string; title?: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(INITIAL_HEIGHT);
  const [dark] = useState(isDarkTheme);
  const doc = useMemo(() => htmlDocument(html, dark), [html, dark]);
  const notebook = useContext(NotebookContext);
  const cellId = useContext(OutputCellContext);

  // A layout effect: listening before the (new) frame can possibly say it is ready.
  useLayoutEffect(() => {
    function onMessage(event: MessageEvent) {
      const target = frame.current;
      if (frameReady(event, target)) {
        // The frame's origin is opaque, so no narrower target origin can name it.
        target?.contentWindow?.postMessage({ collaboratoryFrameHtml: doc }, "*");
        return;
      }
      if (handleInvoke(event, target, notebook, cellId)) return;
      const h = frameHeight(event, target);
      if (h !== null) setHeight(h);
    }
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [doc, notebook, cellId]);

  return (
    <iframe
      key={doc} // new content: a fresh frame, since a frame takes one document only
      ref={frame}
      className="output-html"
      title={title}
      sandbox={HTML_OUTPUT_SANDBOX}
      src={OUTPUT_FRAME_URL}
      style={{ height }}
      data-output="html"
    />
  );
}

/** application/javascript output: runs in the same kind of sandboxed frame, with `element` to draw into. */
export function JavascriptOutput({ code }: { code: string }) {
  const html = `<div id="output"></div><script>var element=document.getElementById("output");\n${scriptSafe(code)}\n</script>`;
  return <HtmlOutput html={html} title="JavaScript output" />;
}
