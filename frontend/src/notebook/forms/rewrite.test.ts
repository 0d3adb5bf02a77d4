import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { parseParamLine, type ParamField } from "./parse";
import { displayValue, literalFor, paramLine, pythonString, stringValue, writeFieldValue } from "./rewrite";

function field(line: string): ParamField {
  const parsed = parseParamLine(line, 0);
  if (!parsed) throw new Error(line);
  return parsed;
}

describe("values", () => {
  it("Python string literals both ways", () => {
    expect(pythonString('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(pythonString("it's", "'")).toBe("'it\\'s'");
    expect(stringValue('"say \\"hi\\"\\n"')).toBe('say "hi"\n');
    expect(stringValue("r'C:\\dir'")).toBe("C:\\dir");
    expect(stringValue('"a" + "b"')).toBeNull();
    expect(stringValue("name")).toBeNull();
  });

  it("each type writes Colab's literal", () => {
    expect(literalFor(field('t = "v"  # @param {type:"string"}'), 'new "one"')).toBe('"new \\"one\\""');
    expect(literalFor(field("t = 'v'  # @param {type:\"string\"}"), "x")).toBe("'x'");
    expect(literalFor(field('r = None  # @param {type:"raw"}'), "[1, 2]")).toBe("[1, 2]");
    expect(literalFor(field('n = 1.5  # @param {type:"number"}'), "2.25")).toBe("2.25");
    expect(literalFor(field('n = 1.5  # @param {type:"number"}'), "-")).toBe("1.5");
    expect(literalFor(field('i = 1  # @param {type:"integer"}'), "7")).toBe("7");
    expect(literalFor(field('b = True  # @param {type:"boolean"}'), false)).toBe("False");
    expect(literalFor(field('d = "2018-03-22"  # @param {type:"date"}'), "2024-01-31")).toBe('"2024-01-31"');
    expect(literalFor(field('s = 0  # @param {type:"slider", min:-1, max:1, step:0.1}'), 0.3)).toBe("0.3");
    expect(literalFor(field('c = "A"  # @param ["A", "B"]'), "B")).toBe('"B"');
    expect(literalFor(field('c = "A"  # @param ["A", "B"] {allow-input: true}'), "typed")).toBe('"typed"');
    expect(literalFor(field('r = x  # @param [1, "x"] {type:"raw"}'), "1")).toBe("1");
  });

  it("what the form shows", () => {
    expect(displayValue(field('t = "a\\tb"  # @param {type:"string"}'))).toBe("a\tb");
    expect(displayValue(field('t = x + "b"  # @param {type:"string"}'))).toBe('x + "b"');
    expect(displayValue(field('r = None  # @param {type:"raw"}'))).toBe("None");
  });
});

describe("writeFieldValue: the line of the shared source changes, for every co-editor", () => {
  function pair(source: string) {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on("update", (update: Uint8Array) => Y.applyUpdate(b, update));
    a.getText("s").insert(0, source);
    return { mine: a.getText("s"), theirs: b.getText("s") };
  }

  it("replaces only the value, in one transaction", () => {
    const { mine, theirs } = pair('# @title T\nx = 1  # @param {type:"slider", min:0, max:10}\nprint(x)\n');
    let transactions = 0;
    mine.doc?.on("afterTransaction", () => (transactions += 1));
    const f = parseParamLine(mine.toString().split("\n")[1] ?? "", 1)!;
    expect(writeFieldValue(mine, f, "7")).toBe(true);
    expect(theirs.toString()).toBe('# @title T\nx = 7  # @param {type:"slider", min:0, max:10}\nprint(x)\n');
    expect(transactions).toBe(1);
  });

  it("finds the field by name when a co-editor moved its line, and fails when it is gone", () => {
    const { mine } = pair('a = "x"  # @param {type:"string"}\n');
    const f = parseParamLine(mine.toString().split("\n")[0] ?? "", 0)!;
    mine.insert(0, "import os\n");
    expect(writeFieldValue(mine, f, '"y"')).toBe(true);
    expect(mine.toString()).toBe('import os\na = "y"  # @param {type:"string"}\n');
    mine.delete(0, mine.length);
    expect(writeFieldValue(mine, f, '"z"')).toBe(false);
  });
});

describe("paramLine (Insert › Add a form field)", () => {
  it("writes lines that parse back as the same field", () => {
    const lines = [
      paramLine({ name: "s", type: "string", value: "" }),
      paramLine({ name: "r", type: "raw", value: "" }),
      paramLine({ name: "n", type: "number", value: "" }),
      paramLine({ name: "i", type: "integer", value: "" }),
      paramLine({ name: "b", type: "boolean", value: "" }),
      paramLine({ name: "d", type: "date", value: "2024-01-01" }),
      paramLine({ name: "sl", type: "slider", value: "", min: 0, max: 5, step: 0.5 }),
      paramLine({ name: "dd", type: "dropdown", value: "", options: ["a", "b"] }),
      paramLine({ name: "di", type: "dropdown", value: "", options: ["a"], allowInput: true }),
    ];
    expect(lines).toContain('dd = "a"  # @param ["a", "b"]');
    expect(lines).toContain('sl = 0  # @param {type:"slider", min:0, max:5, step:0.5}');
    expect(lines.map((line) => parseParamLine(line, 0)?.type)).toEqual(["string", "raw", "number", "integer", "boolean", "date", "slider", "string", "string"]);
    expect(parseParamLine(lines[8]!, 0)?.allowInput).toBe(true);
  });
});
