import type { StreamOutput as Stream } from "../nbformat";
import { joinText } from "../nbformat";
import { applyTerminalControls, stripAnsi } from "../ansi";

export function StreamOutput({ output }: { output: Stream }) {
  const text = applyTerminalControls(stripAnsi(joinText(output.text)));
  return (
    <pre className={`output-stream output-${output.name === "stderr" ? "stderr" : "stdout"}`} data-output="stream">
      {text}
    </pre>
  );
}
