import { useMemo } from "react";
import type { ReactNode } from "react";
import type { MimeBundle } from "../nbformat";
import { joinText } from "../nbformat";
import { useMarkdownRenderer } from "../markdownLoader";
import { AnsiText } from "./AnsiText";
import { HtmlOutput, JavascriptOutput } from "./HtmlOutput";
import { ImageOutput } from "./ImageOutput";
import { JsonTree } from "./JsonTree";
import { WIDGET_MIME, pickMime, widgetModelId } from "./mime";

export type WidgetRenderer = (data: { model_id: string }) => ReactNode;

function SanitizedHtml({ html, kind }: { html: string; kind: string }) {
  return <div className={`output-${kind} markdown`} data-output={kind} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Markdown or LaTeX, rendered once the renderer has loaded; until then its source as text. */
function FormattedOutput({ source, kind }: { source: string; kind: "markdown" | "latex" }) {
  const renderer = useMarkdownRenderer();
  const html = useMemo(() => {
    if (!renderer) return null;
    return kind === "markdown" ? renderer.renderMarkdown(source) : renderer.renderLatex(source);
  }, [renderer, source, kind]);
  if (html === null) {
    return (
      <div className={`output-${kind} markdown-pending`} data-output={kind}>
        {source}
      </div>
    );
  }
  return <SanitizedHtml html={html} kind={kind} />;
}

/**
 * The richest representation of an execute_result / display_data bundle, in JupyterLab's order:
 * widget view, JavaScript and HTML (sandboxed frames), Markdown, LaTeX, images, JSON, plain text.
 */
export function MimeOutput({
  data,
  metadata,
  widgetRenderer,
}: {
  data: MimeBundle;
  metadata?: Record<string, unknown>;
  widgetRenderer?: WidgetRenderer;
}) {
  const modelId = widgetModelId(data[WIDGET_MIME]);
  const mime = pickMime(data, widgetRenderer && modelId ? [] : [WIDGET_MIME]);
  const value = mime ? data[mime] : undefined;
  switch (mime) {
    case WIDGET_MIME:
      return <div className="output-widget">{widgetRenderer && modelId ? widgetRenderer({ model_id: modelId }) : null}</div>;
    case "application/javascript":
      return <JavascriptOutput code={joinText(value)} />;
    case "text/html":
      return <HtmlOutput html={joinText(value)} />;
    case "text/markdown":
      return <FormattedOutput source={joinText(value)} kind="markdown" />;
    case "text/latex":
      return <FormattedOutput source={joinText(value)} kind="latex" />;
    case "image/svg+xml":
    case "image/png":
    case "image/jpeg":
    case "image/gif":
      return <ImageOutput mime={mime} value={value} metadata={metadata} />;
    case "application/json":
      return <JsonTree value={value} />;
    case "text/plain":
      return <AnsiText text={joinText(value)} className="output-text" kind="text" />;
    default:
      return <div className="output-unsupported">Output of an unsupported type: {Object.keys(data).join(", ")}</div>;
  }
}
