import type { ErrorOutput as ErrorModel } from "../nbformat";
import { stripAnsi } from "../ansi";
import { AnsiText } from "./AnsiText";

/** An exception: IPython's traceback with its colours; a "Name: value" header when the
 * traceback does not already end with that line (no traceback, or a kernel that says less). */
export function ErrorOutput({ output }: { output: ErrorModel }) {
  const traceback = Array.isArray(output.traceback) ? output.traceback.filter((l) => typeof l === "string") : [];
  const ename = stripAnsi(String(output.ename ?? "Error"));
  const evalue = stripAnsi(String(output.evalue ?? ""));
  const summary = evalue ? `${ename}: ${evalue}` : ename;
  const lastLine = stripAnsi(traceback.join("\n")).trimEnd().split("\n").pop()?.trim();
  const header = lastLine !== summary;
  return (
    <div className="output-error" data-output="error" role="group" aria-label={`Error: ${ename}`}>
      {header && (
        <div className="output-error-header">
          <span className="output-error-name">{ename}</span>
          {evalue ? `: ${evalue}` : null}
        </div>
      )}
      {traceback.length > 0 && <AnsiText text={traceback.join("\n")} className="output-traceback" kind="traceback" />}
    </div>
  );
}
