import { AnsiText } from "./AnsiText";

/**
 * One block of stream text (consecutive stream outputs of one name, joined): ANSI colours as spans,
 * \r and \b applied as a terminal does, so a progress bar shows once, in its latest state.
 * Blank stderr (the newline tqdm writes when it closes) is not worth a red box.
 */
export function StreamOutput({ name, text }: { name: string; text: string }) {
  const kind = name === "stderr" ? "stderr" : "stdout";
  if (kind === "stderr" && !/\S/.test(text)) return null;
  return <AnsiText text={text} className={`output-stream output-${kind}`} kind="stream" />;
}
