import { useSyncExternalStore } from "react";
import { MenuBar } from "../chrome";
import { MENU_ORDER } from "./commands/notebookCommands";
import { menusFromCommands, type Command } from "./commands/registry";
import type { NotebookController } from "./model/NotebookController";

interface Props {
  commands: readonly Command[];
  controller: NotebookController;
}

/**
 * The notebook's menu bar. Its items are built from the editor's state at each render, and it
 * re-renders whenever that state changes (a click that makes a cell active, a copied cell), so
 * items that need an active cell or a copied one are enabled as soon as there is one.
 */
export function NotebookMenus({ commands, controller }: Props) {
  useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const menus = menusFromCommands(commands, MENU_ORDER).filter((menu) => menu.items.length > 0);
  return <MenuBar menus={menus} />;
}
