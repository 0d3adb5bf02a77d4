import type { YCellType } from "@jupyter/ydoc";
import { executionCountOf, executionOf, outputsOf } from "../model/cells";
import { useCellVersion } from "../model/hooks";
import { AccessPrompt } from "../../secrets/AccessPrompt";
import { CodeWithForm } from "../forms/CellForm";
import { useNotebookContext } from "../NotebookContext";
import { InputPrompt } from "../outputs/InputPrompt";
import { OutputArea } from "../outputs/OutputArea";
import { ScrolledOutputs } from "../outputs/ScrolledOutputs";
import { LazyEditor } from "./LazyEditor";
import { RunButton } from "./RunButton";

/** A code cell: run button, editor, outputs and the input() prompt; re-renders on its own changes only. */
export function CodeCellBody({ cell, editing }: { cell: YCellType; editing: boolean }) {
  const ctx = useNotebookContext();
  useCellVersion(cell.ymodel, true);
  const execution = executionOf(cell.ymodel);
  const outputs = outputsOf(cell.ymodel);
  const id = cell.getId();
  return (
    <>
      <div className="cell-input">
        <RunButton
          execution={execution}
          executionCount={executionCountOf(cell.ymodel)}
          readOnly={ctx.readOnly}
          onRun={() => ctx.controller.runCell(id)}
          onInterrupt={() => void ctx.controller.actions.interrupt().catch(() => undefined)}
        />
        <CodeWithForm cell={cell} editor={<LazyEditor cell={cell} language="python" force={editing} />} />
      </div>
      {(outputs.length > 0 || execution?.input || execution?.access_request) && (
        <div className="cell-output-row">
          <ScrolledOutputs running={execution?.status === "running"}>
            <OutputArea outputs={outputs} widgetRenderer={ctx.widgetRenderer} notebookId={ctx.notebookId} cellId={id} />
          </ScrolledOutputs>
          {execution?.access_request && !ctx.readOnly && (
            <AccessPrompt notebookId={ctx.notebookId} secret={execution.access_request.secret} />
          )}
          {execution?.input && !ctx.readOnly && (
            <InputPrompt
              key={`${execution.started_at ?? ""}${execution.input.prompt}`}
              prompt={execution.input.prompt}
              password={execution.input.password}
              onSubmit={ctx.replyInput}
            />
          )}
        </div>
      )}
    </>
  );
}
