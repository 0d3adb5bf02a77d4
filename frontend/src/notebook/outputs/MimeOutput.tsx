import type { MimeBundle } from "../nbformat";
import { joinText } from "../nbformat";
import { stripAnsi } from "../ansi";
import { renderMarkdown } from "../markdown";
import { HtmlOutput } from "./HtmlOutput";
import { imageDataUrl, pickMime } from "./mime";

/** Renders the richest representation of an execute_result / display_data bundle. */
export function MimeOutput({ data }: { data: MimeBundle }) {
  const mime = pickMime(data);
  const value = mime ? data[mime] : undefined;
  switch (mime) {
    case "text/html":
      return <HtmlOutput html={joinText(value)} />;
    case "image/png":
    case "image/jpeg":
    case "image/gif":
    case "image/svg+xml":
      return <img className="output-image" alt="Output image" src={imageDataUrl(mime, value)} data-output="image" />;
    case "text/markdown":
      return (
        <div
          className="output-markdown markdown"
          data-output="markdown"
          dangerouslySetInnerHTML={{ __html: renderMarkdown(joinText(value)) }}
        />
      );
    case "application/json":
      return (
        <pre className="output-text" data-output="json">
          {JSON.stringify(value, null, 2)}
        </pre>
      );
    case "text/latex":
    case "text/plain":
      return (
        <pre className="output-text" data-output="text">
          {stripAnsi(joinText(value))}
        </pre>
      );
    default:
      return <div className="output-unsupported">Output of an unsupported type: {Object.keys(data).join(", ")}</div>;
  }
}
