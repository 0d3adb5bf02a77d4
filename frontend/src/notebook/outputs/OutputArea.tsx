import type { Output } from "../nbformat";
import { ErrorOutput } from "./ErrorOutput";
import { MimeOutput } from "./MimeOutput";
import { StreamOutput } from "./StreamOutput";

function OneOutput({ output }: { output: Output }) {
  switch (output.output_type) {
    case "stream":
      return <StreamOutput output={output} />;
    case "error":
      return <ErrorOutput output={output} />;
    case "execute_result":
    case "display_data":
      return <MimeOutput data={output.data ?? {}} />;
    default:
      return null;
  }
}

export function OutputArea({ outputs }: { outputs: Output[] }) {
  if (outputs.length === 0) return null;
  return (
    <div className="cell-outputs" data-testid="cell-outputs">
      {outputs.map((output, i) => (
        <div className="output" key={i}>
          <OneOutput output={output} />
        </div>
      ))}
    </div>
  );
}
