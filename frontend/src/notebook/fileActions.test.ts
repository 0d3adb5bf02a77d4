import { YNotebook } from "@jupyter/ydoc";
import { describe, expect, it } from "vitest";
import { clearAllOutputs, notebookAsPython } from "./fileActions";

function notebook(): YNotebook {
  const model = new YNotebook();
  model.insertCells(0, [
    { cell_type: "markdown", source: "# Title\nSome text", metadata: {} },
    {
      cell_type: "code",
      source: "!pip install x\n%time y = 1\nprint(y)",
      metadata: {},
      execution_count: 3,
      outputs: [{ output_type: "stream", name: "stdout", text: "1\n" }],
    },
  ]);
  return model;
}

describe("notebookAsPython", () => {
  it("keeps code, quotes text cells and comments out shell and magic lines", () => {
    const text = notebookAsPython(notebook(), "Demo");
    expect(text).toContain('"""Demo"""');
    expect(text).toContain('"""# Title\nSome text"""');
    expect(text).toContain("# !pip install x\n# %time y = 1\nprint(y)");
  });
});

describe("clearAllOutputs", () => {
  it("empties every code cell's outputs and execution count", () => {
    const model = notebook();
    clearAllOutputs(model);
    const code = model.toJSON().cells[1];
    expect(code?.outputs).toEqual([]);
    expect(code?.execution_count).toBeNull();
  });
});
