import type { YNotebook } from "@jupyter/ydoc";
import { api } from "../api/client";
import { driveApi } from "../api/endpoints";
import type { DriveItem } from "../api/types";
import { notebookPath } from "../app/router";

const enc = encodeURIComponent;

/** File › New notebook: made beside this one, opened in a new tab as Colab does. */
export async function newNotebook(parent: string | null): Promise<DriveItem> {
  const item = await driveApi.create("notebook", parent);
  window.open(notebookPath(item.id), "_blank");
  return item;
}

/** File › Save a copy in Drive: the document as it is now, as "Copy of …" beside the original. */
export async function saveCopy(id: string): Promise<DriveItem> {
  const copy = await api.post<DriveItem>(`/api/drive/items/${enc(id)}/copy`, {});
  window.open(notebookPath(copy.id), "_blank");
  return copy;
}

/** File › Upload notebook: pick an .ipynb; it goes to this notebook's folder and opens. */
export function uploadNotebook(parent: string | null, onError: (err: unknown) => void): void {
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".ipynb,application/x-ipynb+json";
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    if (parent) form.append("parent", parent);
    api
      .post<DriveItem>("/api/drive/upload", form)
      .then((item) => window.open(notebookPath(item.id), "_blank"))
      .catch(onError);
  });
  input.click();
}

function commentOut(line: string): string {
  return /^\s*[!%]/.test(line) ? `# ${line}` : line;
}

/** The notebook as a Python script: text cells become string blocks, shell and magic lines comments. */
export function notebookAsPython(model: YNotebook, name: string): string {
  const parts = [`# -*- coding: utf-8 -*-\n"""${name.replace(/"""/g, '\\"\\"\\"')}"""`];
  for (const cell of model.cells) {
    const source = cell.getSource();
    if (cell.cell_type === "code") parts.push(source.split("\n").map(commentOut).join("\n"));
    else parts.push(`"""${source.replace(/"""/g, '\\"\\"\\"')}"""`);
  }
  return `${parts.join("\n\n")}\n`;
}

/** File › Download .py */
export function downloadPython(model: YNotebook, name: string): void {
  const base = name.replace(/\.ipynb$/i, "");
  const blob = new Blob([notebookAsPython(model, base)], { type: "text/x-python" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${base}.py`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** Edit › Clear all outputs (and execution counts), for everyone, in one change. */
export function clearAllOutputs(model: YNotebook): void {
  model.transact(() => {
    for (const cell of model.cells) {
      if (cell.cell_type !== "code") continue;
      cell.clearOutputs();
      cell.execution_count = null;
    }
  });
}
