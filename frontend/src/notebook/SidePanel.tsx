import { useSyncExternalStore } from "react";
import { SnippetsPanel, TableOfContents } from "../chrome";
import { FilesPanel, type FolderRequest, type RuntimeController } from "../runtime";
import { NotebookSecretsPanel } from "../secrets/SecretsPanel";
import type { Snippet } from "../chrome/snippetsApi";
import { insertCells } from "./model/cellOps";
import { indexOfCell } from "./model/cells";
import type { NotebookController } from "./model/NotebookController";
import type { CellHeading } from "./model/useHeadings";

export type PanelName = "toc" | "files" | "snippets" | "secrets";

const TITLES: Record<PanelName, string> = { toc: "Table of contents", files: "Files", snippets: "Code snippets", secrets: "Secrets" };

interface Props {
  panel: PanelName;
  headings: readonly CellHeading[];
  runtime: RuntimeController;
  controller: NotebookController;
  /** A read-only notebook: snippets can be read and copied, not inserted. */
  readOnly?: boolean;
  /** The folder the Files panel is asked to show (files.view of a folder). */
  filesRequest?: FolderRequest | null;
  onClose(): void;
}

/** The left panel: table of contents, the runtime's files, or code snippets. */
export function SidePanel({ panel, headings, runtime, controller, readOnly = false, filesRequest = null, onClose }: Props) {
  const selection = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const jump = (cellId: string) => {
    if (selection.collapsed.size > 0) for (const id of selection.collapsed) controller.toggleCollapsed(id);
    controller.select(cellId, "command");
  };
  const insertSnippet = (snippet: Snippet) => {
    if (readOnly) return;
    const active = selection.activeId ? indexOfCell(controller.model, selection.activeId) : controller.model.cells.length - 1;
    const cells = snippet.cells.map((cell) => ({ kind: cell.cell_type, source: cell.source }));
    const ids = insertCells(controller.model, active + 1, cells);
    const last = ids.at(-1);
    if (last) controller.select(last, "command");
  };
  return (
    <aside className="nb-side-panel" aria-label={TITLES[panel]}>
      <div className="nb-side-head">
        <h2>{TITLES[panel]}</h2>
        <button type="button" className="icon-button small" aria-label={`Close ${TITLES[panel]}`} onClick={onClose}>
          ×
        </button>
      </div>
      <div className="nb-side-body">
        {panel === "toc" && (
          <TableOfContents entries={[...headings]} onJump={jump} activeId={selection.activeId ?? undefined} />
        )}
        {panel === "files" && <FilesPanel controller={runtime} request={filesRequest} />}
        {panel === "snippets" && <SnippetsPanel onInsert={insertSnippet} />}
        {panel === "secrets" && <NotebookSecretsPanel />}
      </div>
    </aside>
  );
}
