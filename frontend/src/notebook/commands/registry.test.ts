import { describe, expect, it, vi } from "vitest";
import { keyName } from "./keys";
import { KeymapDispatcher, menusFromCommands, type Command } from "./registry";

const key = (k: string, mods: Partial<{ ctrl: boolean; shift: boolean; alt: boolean; meta: boolean }> = {}) => ({
  key: k,
  ctrlKey: !!mods.ctrl,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
  metaKey: !!mods.meta,
});

function setup() {
  const ran: string[] = [];
  const command = (id: string, extra: Partial<Command> = {}): Command => ({ id, label: id, run: () => ran.push(id), ...extra });
  const commands = [
    command("run-next", { shortcut: "Shift+Enter", menu: "Runtime" }),
    command("insert-below", { shortcut: "Ctrl+M B", commandKeys: ["B"], menu: "Insert" }),
    command("delete", { shortcut: "Ctrl+M D", commandKeys: ["D D"], menu: "Edit" }),
    command("palette", { shortcut: "Ctrl+Shift+P", menu: "Tools", separatorBefore: true }),
    command("disabled", { shortcut: "Ctrl+M X", enabled: () => false, menu: "Tools" }),
  ];
  return { ran, commands, dispatcher: new KeymapDispatcher(() => commands) };
}

describe("keyName", () => {
  it("names keystrokes the way shortcuts are written", () => {
    expect(keyName(key("Enter", { shift: true }))).toBe("Shift+Enter");
    expect(keyName(key("p", { ctrl: true, shift: true }))).toBe("Ctrl+Shift+P");
    expect(keyName(key("m", { meta: true }))).toBe("Ctrl+M");
    expect(keyName(key("b"))).toBe("B");
    expect(keyName(key("Shift", { shift: true }))).toBe("");
  });
});

describe("KeymapDispatcher", () => {
  it("runs single-key shortcuts in both modes", () => {
    const { ran, dispatcher } = setup();
    expect(dispatcher.handle(key("Enter", { shift: true }), "edit")).toBe(true);
    expect(dispatcher.handle(key("P", { ctrl: true, shift: true }), "command")).toBe(true);
    expect(ran).toEqual(["run-next", "palette"]);
  });

  it("runs chords: the first key is consumed and the second completes", () => {
    const { ran, dispatcher } = setup();
    expect(dispatcher.handle(key("m", { ctrl: true }), "edit")).toBe(true);
    expect(dispatcher.chordPending).toBe(true);
    expect(ran).toEqual([]);
    expect(dispatcher.handle(key("b"), "edit")).toBe(true);
    expect(ran).toEqual(["insert-below"]);
  });

  it("binds command-mode keys only in command mode", () => {
    const { ran, dispatcher } = setup();
    expect(dispatcher.handle(key("b"), "edit")).toBe(false);
    expect(dispatcher.handle(key("b"), "command")).toBe(true);
    expect(dispatcher.handle(key("d"), "command")).toBe(true);
    expect(dispatcher.handle(key("d"), "command")).toBe(true);
    expect(ran).toEqual(["insert-below", "delete"]);
  });

  it("abandons a chord after a key that does not complete it, then handles that key alone", () => {
    const { ran, dispatcher } = setup();
    dispatcher.handle(key("d"), "command");
    expect(dispatcher.handle(key("b"), "command")).toBe(true);
    expect(ran).toEqual(["insert-below"]);
    expect(dispatcher.handle(key("q"), "command")).toBe(false);
  });

  it("forgets a chord prefix after the timeout", () => {
    let now = 0;
    const { ran, commands } = setup();
    const dispatcher = new KeymapDispatcher(() => commands, 1000, () => now);
    dispatcher.handle(key("m", { ctrl: true }), "edit");
    now = 5000;
    expect(dispatcher.handle(key("b"), "edit")).toBe(false);
    expect(ran).toEqual([]);
  });

  it("does not run disabled commands but still consumes their keys", () => {
    const { ran, dispatcher } = setup();
    dispatcher.handle(key("m", { ctrl: true }), "edit");
    expect(dispatcher.handle(key("x"), "edit")).toBe(true);
    expect(ran).toEqual([]);
  });
});

describe("menusFromCommands", () => {
  it("groups commands by menu, with separators and disabled state", () => {
    const { commands } = setup();
    const menus = menusFromCommands(commands, ["Edit", "Tools"]);
    expect(menus.map((m) => m.label)).toEqual(["Edit", "Tools"]);
    const tools = menus[1]?.items ?? [];
    expect(tools).toMatchObject([{ label: "palette", shortcut: "Ctrl+Shift+P" }, { label: "disabled", disabled: true }]);
    const spy = vi.fn();
    menusFromCommands([{ id: "x", label: "X", run: spy, menu: "Edit" }], ["Edit"])[0]?.items.forEach((i) => "onSelect" in i && i.onSelect());
    expect(spy).toHaveBeenCalled();
  });
});
