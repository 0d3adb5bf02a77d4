import { describe, expect, it } from "vitest";
import { parseForm, parseParamLine, type ParamField } from "./parse";

function field(line: string): ParamField {
  const parsed = parseParamLine(line, 0);
  if (!parsed) throw new Error(`not a field: ${line}`);
  return parsed;
}

describe("parseParamLine: every Colab type, as Colab's Forms notebook writes it", () => {
  it("string, with and without a placeholder", () => {
    expect(field('text = "value"  # @param {type:"string"}')).toMatchObject({ name: "text", value: '"value"', type: "string", options: null });
    expect(field('t = ""  # @param {type:"string", placeholder:"enter a value"}')).toMatchObject({ placeholder: "enter a value", value: '""' });
  });

  it("raw, and a bare #@param (no type: the value as code)", () => {
    expect(field('raw_input = None  # @param {type:"raw"}')).toMatchObject({ type: "raw", value: "None" });
    expect(field("x = foo(1)  #@param")).toMatchObject({ type: "raw", value: "foo(1)" });
  });

  it("number, integer, boolean, date", () => {
    expect(field('number_input = 10.0  # @param {type:"number"}')).toMatchObject({ type: "number", value: "10.0" });
    expect(field('integer_input = 10  # @param {type:"integer"}')).toMatchObject({ type: "integer", value: "10" });
    expect(field('boolean_checkbox = True  # @param {type:"boolean"}')).toMatchObject({ type: "boolean", value: "True" });
    expect(field('date_input = "2018-03-22"  # @param {type:"date"}')).toMatchObject({ type: "date", value: '"2018-03-22"' });
  });

  it("slider with min, max and step (negative and fractional too)", () => {
    expect(field('number_slider = 0  # @param {type:"slider", min:-1, max:1, step:0.1}')).toMatchObject({ type: "slider", min: -1, max: 1, step: 0.1 });
    expect(field('s = 142 #@param {type: "slider", min: 100, max: 200}')).toMatchObject({ min: 100, max: 200, step: null });
  });

  it("dropdowns: strings, raw choices, with and without allow-input", () => {
    expect(field('dropdown = "1st option"  # @param ["1st option", "2nd option", "3rd option"]')).toMatchObject({
      type: "string",
      options: ["1st option", "2nd option", "3rd option"],
      allowInput: false,
      quotedOptions: true,
    });
    expect(field('t = "value"  # @param ["a", "b"] {allow-input: true}')).toMatchObject({ allowInput: true, options: ["a", "b"] });
    expect(field(`raw_dropdown = raw_input  # @param [1, "raw_input", "False", "'string'"] {type:"raw"}`)).toMatchObject({
      type: "raw",
      options: ["1", "raw_input", "False", "'string'"],
      quotedOptions: false,
    });
    expect(field("n = 2 #@param [1, 2, 3]")).toMatchObject({ type: "raw", options: ["1", "2", "3"] });
    expect(field(`pick = 'monday'  #@param ['monday', 'tuesday']`)).toMatchObject({ options: ["monday", "tuesday"] });
  });

  it("run auto on a field, and value offsets within the line", () => {
    const f = field('    opt = "A" #@param ["A", "B"] {run: "auto"}');
    expect(f.runAuto).toBe(true);
    expect('    opt = "A" #@param ["A", "B"] {run: "auto"}'.slice(f.valueStart, f.valueEnd)).toBe('"A"');
  });

  it("a '#' inside the value is kept; the last @param is the annotation", () => {
    expect(field('s = "a # b"  # @param {type:"string"}').value).toBe('"a # b"');
  });

  it.each([
    "# @param {type:\"string\"}",
    "x  # @param {type:\"string\"}",
    'x = 1  # @param {type:"colour"}',
    'x = 1  # @param {type:"slider"}',
    'x = 1  # @param {type:"slider", min:0}',
    'x = 1  # @param {type:"string"',
    'x = 1  # @param ["a", "b"',
    'x = 1  # @param {type:"boolean"} trailing',
    'x = 1  # @param ["a"] {type:"boolean"}',
    "x =  # @param",
    "x == 1  # @param",
    "print(1)  # @params",
  ])("a malformed line stays code: %s", (line) => {
    expect(parseParamLine(line, 0)).toBeNull();
  });
});

describe("parseForm", () => {
  it("title with display-mode and run, Markdown lines and fields in source order", () => {
    const form = parseForm(
      [
        '# @title Click `Show code` in the code cell. { display-mode: "form", run: "auto" }',
        "# @markdown You can also include **Markdown**.",
        'option1 = "A"  # @param ["A", "B", "C"]',
        'print("You selected", option1)',
        "# @markdown ---",
      ].join("\n"),
    );
    expect(form).toMatchObject({ title: "Click `Show code` in the code cell.", displayMode: "form", runAuto: true });
    expect(form?.items.map((item) => [item.kind, item.line])).toEqual([
      ["markdown", 1],
      ["param", 2],
      ["markdown", 4],
    ]);
  });

  it("both is the default; #@title without a space works; the title may be Markdown", () => {
    expect(parseForm("#@title ## Markdown\nx = 1 #@param")).toMatchObject({ title: "## Markdown", displayMode: "both", runAuto: false });
    expect(parseForm('# @title T { display-mode: "both" }')).toMatchObject({ title: "T", displayMode: "both", items: [] });
  });

  it("a cell without annotations has no form", () => {
    expect(parseForm("x = 1\nprint(x)  # a comment")).toBeNull();
    expect(parseForm("x = 1  # @param {type:\"nope\"}")).toBeNull();
  });
});
