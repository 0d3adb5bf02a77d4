import { afterEach, describe, expect, it, vi } from "vitest";
import { htmlDocument } from "./HtmlOutput";
import { COLAB_FRAME_API, handleInvoke, invokeCallback, invokeRequest } from "./colabKernel";

const call = { collaboratoryInvoke: { id: "1", name: "notebook.Add", args: [1, 2], kwargs: { k: "v" } } };

function ownFrame(): HTMLIFrameElement {
  const frame = document.createElement("iframe");
  document.body.appendChild(frame);
  return frame;
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

describe("google.colab.kernel.invokeFunction", () => {
  it("is defined in every output frame's document", () => {
    expect(htmlDocument("<p>x</p>")).toContain(COLAB_FRAME_API);
    expect(COLAB_FRAME_API).toContain("invokeFunction");
  });

  it("takes calls only from its own opaque-origin frame", () => {
    const frame = ownFrame();
    const own = new MessageEvent("message", { data: call, origin: "null", source: frame.contentWindow });
    expect(invokeRequest(own, frame)).toEqual({ id: "1", name: "notebook.Add", args: [1, 2], kwargs: { k: "v" } });
    const app = new MessageEvent("message", { data: call, origin: "null", source: window });
    expect(invokeRequest(app, frame)).toBeNull();
    const sameOrigin = new MessageEvent("message", { data: call, origin: "http://localhost", source: frame.contentWindow });
    expect(invokeRequest(sameOrigin, frame)).toBeNull();
    const nameless = new MessageEvent("message", { data: { collaboratoryInvoke: { id: "2", name: "" } }, origin: "null", source: frame.contentWindow });
    expect(invokeRequest(nameless, frame)).toBeNull();
  });

  it("refuses outside a notebook and to viewers, without asking the server", async () => {
    const fetched = vi.fn();
    vi.stubGlobal("fetch", fetched);
    const request = { id: "1", name: "f", args: [], kwargs: {} };
    expect((await invokeCallback(request, null, null)).error).toMatch(/not in a notebook/);
    expect((await invokeCallback(request, { notebookId: "n", readOnly: true }, "c")).error).toMatch(/editors/);
    expect(fetched).not.toHaveBeenCalled();
  });

  it("posts the call with its cell and answers the frame with the result", async () => {
    const fetched = vi.fn(
      async (_url: string, _init: RequestInit) =>
        new Response(JSON.stringify({ data: { "application/json": { sum: 3 } }, metadata: {}, error: null }), { status: 200 }),
    );
    vi.stubGlobal("fetch", fetched);
    const frame = ownFrame();
    const answered = new Promise<unknown>((resolve) => {
      vi.spyOn(frame.contentWindow!, "postMessage").mockImplementation((message: unknown) => resolve(message));
    });
    const event = new MessageEvent("message", { data: call, origin: "null", source: frame.contentWindow });
    expect(handleInvoke(event, frame, { notebookId: "nb 1", readOnly: false }, "cell-a")).toBe(true);
    expect(await answered).toEqual({
      collaboratoryInvokeResult: { id: "1", data: { "application/json": { sum: 3 } }, metadata: {} },
    });
    const [url, init] = fetched.mock.calls[0]!;
    expect(url).toBe("/api/notebooks/nb%201/colab/invoke");
    expect(JSON.parse(String(init.body))).toEqual({ name: "notebook.Add", args: [1, 2], kwargs: { k: "v" }, cell_id: "cell-a" });
  });

  it("rejects with the callback's error", async () => {
    vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ data: {}, metadata: {}, error: "ValueError: Function not found: f" })));
    const answer = await invokeCallback({ id: "9", name: "f", args: [], kwargs: {} }, { notebookId: "n", readOnly: false }, null);
    expect(answer).toEqual({ id: "9", error: "ValueError: Function not found: f" });
  });
});
