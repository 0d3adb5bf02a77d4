import { memo } from "react";
import type { Output } from "../nbformat";
import { joinText } from "../nbformat";
import { ColabEvalJs, EVAL_JS_MIME, evalJsRequest } from "./ColabEvalJs";
import { ColabDownload, ColabUpload, ColabView, DOWNLOAD_MIME, UPLOAD_MIME, VIEW_MIME, downloadRequest, uploadRequest, viewRequest } from "./ColabFiles";
import { OutputCellContext } from "./colabKernel";
import { ErrorOutput } from "./ErrorOutput";
import { MimeOutput } from "./MimeOutput";
import type { WidgetRenderer } from "./MimeOutput";
import { StreamOutput } from "./StreamOutput";
import { TruncatedOutput } from "./TruncatedOutput";
import { truncationUrl } from "./mime";
import "./outputs.css";

type OutputItem =
  | { kind: "stream"; key: number; name: string; text: string }
  | { kind: "single"; key: number; output: Output };

/** Consecutive stream outputs of one name become one block, as in a terminal (and JupyterLab). */
export function groupOutputs(outputs: readonly Output[]): OutputItem[] {
  const items: OutputItem[] = [];
  outputs.forEach((output, index) => {
    if (output.output_type !== "stream") {
      items.push({ kind: "single", key: index, output });
      return;
    }
    const name = String(output.name);
    const last = items[items.length - 1];
    const text = joinText(output.text);
    if (last?.kind === "stream" && last.name === name) last.text += text;
    else items.push({ kind: "stream", key: index, name, text });
  });
  return items;
}

const SingleOutput = memo(function SingleOutput({
  output,
  widgetRenderer,
}: {
  output: Output;
  widgetRenderer: WidgetRenderer | undefined;
}) {
  switch (output.output_type) {
    case "error":
      return <ErrorOutput output={output} />;
    case "execute_result":
    case "display_data": {
      const data = output.data ?? {};
      const url = truncationUrl(output.metadata);
      if (url) return <TruncatedOutput text={joinText(data["text/plain"])} url={url} />;
      const download = downloadRequest(data[DOWNLOAD_MIME]);
      if (download) return <ColabDownload request={download} />;
      const view = viewRequest(data[VIEW_MIME]);
      if (view) return <ColabView request={view} />;
      const upload = uploadRequest(data[UPLOAD_MIME]);
      if (upload) return <ColabUpload request={upload} />;
      const evaluate = evalJsRequest(data[EVAL_JS_MIME]);
      if (evaluate) return <ColabEvalJs request={evaluate} />;
      return <MimeOutput data={data} metadata={output.metadata} widgetRenderer={widgetRenderer} />;
    }
    default:
      return null;
  }
});

const StreamBlock = memo(StreamOutput);

/** A code cell's outputs; cheap to re-render many times a second while a cell streams. */
export function OutputArea({
  outputs,
  widgetRenderer,
  notebookId,
  cellId,
}: {
  outputs: Output[];
  widgetRenderer?: (data: { model_id: string }) => React.ReactNode;
  notebookId?: string;
  cellId?: string;
}) {
  if (!Array.isArray(outputs) || outputs.length === 0) return null;
  return (
    <div className="cell-outputs" data-testid="cell-outputs" data-notebook-id={notebookId} data-cell-id={cellId}>
      <OutputCellContext.Provider value={cellId ?? null}>
        {groupOutputs(outputs).map((item) => (
          <div className="output" key={item.key}>
            {item.kind === "stream" ? (
              <StreamBlock name={item.name} text={item.text} />
            ) : (
              <SingleOutput output={item.output} widgetRenderer={widgetRenderer} />
            )}
          </div>
        ))}
      </OutputCellContext.Provider>
    </div>
  );
}
