import { createContext } from "react";
import { api } from "../../api/client";
import { errorMessage } from "../../api/errors";
import type { NotebookContextValue } from "../NotebookContext";

/** The id of the cell whose outputs are rendered (for what a Colab callback prints). */
export const OutputCellContext = createContext<string | null>(null);

/**
 * Colab's `google.colab` in every output frame: `google.colab.kernel.invokeFunction(name, args,
 * kwargs)` asks the app (its parent) to run the Python callback the notebook registered with
 * `output.register_callback`, and resolves to `{data, metadata}` (a callback returning
 * `IPython.display.JSON(v)` gives `data['application/json'] === v`), or rejects with its error.
 * Answers are taken from the parent only.
 */
export const COLAB_FRAME_API = `<script>(function(){var pending={},next=0;
addEventListener("message",function(e){if(e.source!==parent)return;var d=e.data&&e.data.collaboratoryInvokeResult;
if(!d||!pending[d.id])return;var p=pending[d.id];delete pending[d.id];
if(d.error!=null)p[1](new Error(d.error));else p[0]({data:d.data||{},metadata:d.metadata||{}});});
var g=window.google=window.google||{};var c=g.colab=g.colab||{};
c.kernel={accessAllowed:true,invokeFunction:function(name,args,kwargs){return new Promise(function(ok,fail){
var id=String(++next);pending[id]=[ok,fail];try{parent.postMessage({collaboratoryInvoke:{id:id,name:String(name),
args:JSON.parse(JSON.stringify(args||[])),kwargs:JSON.parse(JSON.stringify(kwargs||{}))}},"*");}
catch(err){delete pending[id];fail(err);}});}};
c.output=c.output||{};c.output.setIframeHeight=function(){};
c.output.getActiveOutputArea=function(){return document.getElementById("output")||document.body;};
c.output.getDefaultOutputArea=c.output.getActiveOutputArea;})();</script>`;

export interface InvokeRequest {
  id: string;
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export interface InvokeAnswer {
  id: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  error?: string;
}

/** The call a frame asks for, if the message really comes from that (opaque-origin) frame. */
export function invokeRequest(event: MessageEvent, frame: HTMLIFrameElement | null): InvokeRequest | null {
  if (!frame || event.source === null || event.source !== frame.contentWindow || event.origin !== "null") return null;
  const data: unknown = event.data;
  if (typeof data !== "object" || data === null || !("collaboratoryInvoke" in data)) return null;
  const m = data.collaboratoryInvoke;
  if (typeof m !== "object" || m === null) return null;
  const v = m as Record<string, unknown>;
  if (typeof v.id !== "string" || typeof v.name !== "string" || v.name === "") return null;
  const args = Array.isArray(v.args) ? (v.args as unknown[]) : [];
  const kwargs = typeof v.kwargs === "object" && v.kwargs !== null && !Array.isArray(v.kwargs) ? (v.kwargs as Record<string, unknown>) : {};
  return { id: v.id, name: v.name, args, kwargs };
}

interface InvokeResult {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  error?: string | null;
}

/** Runs the callback in the notebook's runtime (through the server): the answer for the frame. */
export async function invokeCallback(
  request: InvokeRequest,
  notebook: Pick<NotebookContextValue, "notebookId" | "readOnly"> | null,
  cellId: string | null,
): Promise<InvokeAnswer> {
  if (!notebook) return { id: request.id, error: "This output is not in a notebook: there is no kernel to call." };
  if (notebook.readOnly) return { id: request.id, error: "Only the notebook's editors can run its callbacks." };
  try {
    const url = `/api/notebooks/${encodeURIComponent(notebook.notebookId)}/colab/invoke`;
    const body = { name: request.name, args: request.args, kwargs: request.kwargs, cell_id: cellId };
    const result = await api.post<InvokeResult>(url, body);
    if (result.error) return { id: request.id, error: result.error };
    return { id: request.id, data: result.data, metadata: result.metadata };
  } catch (err) {
    return { id: request.id, error: errorMessage(err) };
  }
}

/** Answers a frame's `invokeFunction` when the message is one; true when it was. */
export function handleInvoke(
  event: MessageEvent,
  frame: HTMLIFrameElement | null,
  notebook: Pick<NotebookContextValue, "notebookId" | "readOnly"> | null,
  cellId: string | null,
): boolean {
  const request = invokeRequest(event, frame);
  if (request === null) return false;
  const target = frame?.contentWindow ?? null;
  void invokeCallback(request, notebook, cellId).then((answer) => {
    // The frame's origin is opaque, so no narrower target origin can name it.
    target?.postMessage({ collaboratoryInvokeResult: answer }, "*");
  });
  return true;
}
