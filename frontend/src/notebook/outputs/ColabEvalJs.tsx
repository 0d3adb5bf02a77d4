import { useContext, useLayoutEffect, useMemo, useRef, useState } from "react";
import { api } from "../../api/client";
import { NotebookContext } from "../NotebookContext";
import { FRESH_SECONDS, claimDownload } from "./ColabFiles";
import { OutputCellContext, handleInvoke } from "./colabKernel";
import { HTML_OUTPUT_SANDBOX, OUTPUT_FRAME_URL, frameReady, htmlDocument, scriptSafe } from "./HtmlOutput";

/** google.colab's `output.eval_js(script)` puts this into the cell's output while the cell waits. */
export const EVAL_JS_MIME = "application/vnd.collaboratory.eval-js+json";

export interface EvalJsRequest {
  id: string;
  script: string;
  ignore_result: boolean;
  requested_at: number;
}

export function evalJsRequest(value: unknown): EvalJsRequest | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string" || typeof v.script !== "string") return null;
  return {
    id: v.id,
    script: v.script,
    ignore_result: v.ignore_result === true,
    requested_at: typeof v.requested_at === "number" ? v.requested_at : 0,
  };
}

/** The frame's document: evaluates the script (a Promise is awaited) and posts its JSON value or error. */
export function evalJsDocument(script: string): string {
  const code = `(async function(){var m;try{var r=await (0,eval)(${JSON.stringify(script)});
m={value:r===undefined?null:JSON.parse(JSON.stringify(r))};}catch(e){m={error:String(e&&e.message||e)};}
parent.postMessage({collaboratoryEvalJs:m},"*");})();`;
  return htmlDocument(`<script>${scriptSafe(code)}</script>`);
}

type EvalResult = { value: unknown; error: null } | { value: null; error: string };

/** The result a frame posts, if the message really comes from that (opaque-origin) frame. */
export function evalResult(event: MessageEvent, frame: HTMLIFrameElement | null): EvalResult | null {
  if (!frame || event.source === null || event.source !== frame.contentWindow || event.origin !== "null") return null;
  const data: unknown = event.data;
  if (typeof data !== "object" || data === null || !("collaboratoryEvalJs" in data)) return null;
  const m = data.collaboratoryEvalJs;
  if (typeof m !== "object" || m === null) return null;
  if ("error" in m) return { value: null, error: String(m.error) };
  return { value: "value" in m ? m.value : null, error: null };
}

/**
 * `output.eval_js(script)`: the script runs in a sandboxed output frame (an opaque origin, never
 * the app's), once, in the page that sees the fresh request; its value (or error) goes back to
 * the waiting cell through the server.
 */
export function ColabEvalJs({ request }: { request: EvalJsRequest }) {
  const notebook = useContext(NotebookContext);
  const frame = useRef<HTMLIFrameElement>(null);
  const [fresh] = useState(() => notebook !== null && !notebook.readOnly && Date.now() / 1000 - request.requested_at < FRESH_SECONDS);
  // once per page session (a ref: React may run the effect twice on one mount)
  const claimed = useRef<boolean | null>(null);
  const doc = useMemo(() => evalJsDocument(request.script), [request.script]);
  const notebookId = notebook?.notebookId ?? "";
  const cellId = useContext(OutputCellContext);
  useLayoutEffect(() => {
    if (!fresh) return;
    if (claimed.current === null) claimed.current = claimDownload(`eval:${request.id}`);
    if (!claimed.current) return;
    let sent = false;
    function onMessage(event: MessageEvent) {
      const target = frame.current;
      if (frameReady(event, target)) {
        target?.contentWindow?.postMessage({ collaboratoryFrameHtml: doc }, "*");
        return;
      }
      if (handleInvoke(event, target, notebook, cellId)) return;
      const result = evalResult(event, target);
      if (result === null || sent || request.ignore_result) return;
      sent = true;
      const url = `/api/notebooks/${encodeURIComponent(notebookId)}/colab/eval_js/${encodeURIComponent(request.id)}`;
      void api.post(url, result).catch(() => undefined); // another tab answered, or the cell stopped waiting
    }
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [fresh, doc, notebook, notebookId, cellId, request.id, request.ignore_result]);
  if (!fresh) return null;
  return (
    <iframe
      ref={frame}
      title="eval_js"
      sandbox={HTML_OUTPUT_SANDBOX}
      src={OUTPUT_FRAME_URL}
      data-output="eval-js"
      style={{ width: 0, height: 0, border: 0, position: "absolute" }}
    />
  );
}
