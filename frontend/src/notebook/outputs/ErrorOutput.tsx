import type { ErrorOutput as ErrorOut } from "../nbformat";
import { stripAnsi } from "../ansi";

export function ErrorOutput({ output }: { output: ErrorOut }) {
  const traceback = Array.isArray(output.traceback) ? output.traceback.join("\n") : "";
  const text = stripAnsi(traceback || `${output.ename}: ${output.evalue}`);
  return (
    <pre className="output-error" data-output="error">
      {text}
    </pre>
  );
}
