/** The marker the server leaves when a cell's output exceeded the document's cap. */
export function TruncatedOutput({ text, url }: { text: string; url: string }) {
  // The marker's text names the URL for plain-text readers; the link says it here.
  const note = text.replace(`; download the full output at ${url}`, "").trim();
  return (
    <div className="output-truncated" data-output="truncated">
      <span className="output-truncated-text">{note}</span>{" "}
      <a href={url} target="_blank" rel="noopener noreferrer" download>
        Download full output
      </a>
    </div>
  );
}
