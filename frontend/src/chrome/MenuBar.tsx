import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { MenuDropdown } from "./MenuDropdown";
import { firstSelectable, lastSelectable, neighbour } from "./menuNavigation";
import type { Menu } from "./types";
import "./chrome.css";

export type { MenuItem } from "./types";

interface OpenMenu {
  index: number;
  /** Which item has focus; -1 while the pointer opened the menu and no item has it yet. */
  active: number;
}

/**
 * Colab's menu bar: a role=menubar of buttons, each opening a dropdown role=menu. Arrow keys move
 * between menus and items, Enter selects, Escape closes; while a menu is open, hovering another
 * menu's button opens that one; a click outside closes it.
 */
export function MenuBar({ menus }: { menus: Menu[] }) {
  const [open, setOpen] = useState<OpenMenu | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const bar = useRef<HTMLDivElement>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (open === null) return;
    function closeOutside(event: MouseEvent) {
      if (!bar.current?.contains(event.target as Node)) setOpen(null);
    }
    document.addEventListener("mousedown", closeOutside);
    return () => document.removeEventListener("mousedown", closeOutside);
  }, [open]);

  function openMenu(index: number, active: "first" | "last" | "none") {
    const items = menus[index]?.items ?? [];
    const item = active === "first" ? firstSelectable(items) : active === "last" ? lastSelectable(items) : -1;
    setFocusIndex(index);
    setOpen({ index, active: item });
    if (item === -1) buttons.current[index]?.focus();
  }

  function close(refocus: boolean) {
    if (refocus && open) buttons.current[open.index]?.focus();
    setOpen(null);
  }

  function moveToMenu(step: 1 | -1) {
    const from = open?.index ?? focusIndex;
    const next = neighbour(from, menus.length, step);
    if (open) openMenu(next, "first");
    else {
      setFocusIndex(next);
      buttons.current[next]?.focus();
    }
  }

  function onButtonKeyDown(event: KeyboardEvent, index: number) {
    switch (event.key) {
      case "ArrowRight":
        moveToMenu(1);
        break;
      case "ArrowLeft":
        moveToMenu(-1);
        break;
      case "ArrowDown":
      case "Enter":
      case " ":
        openMenu(index, "first");
        break;
      case "ArrowUp":
        openMenu(index, "last");
        break;
      case "Escape":
        close(true);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  return (
    <div className="chrome-menubar" role="menubar" aria-label="Notebook menu" ref={bar}>
      {menus.map((menu, index) => {
        const isOpen = open?.index === index;
        return (
          <div className="chrome-menubar-entry" key={menu.label}>
            <button
              type="button"
              role="menuitem"
              className={`chrome-menubar-button${isOpen ? " open" : ""}`}
              aria-haspopup="menu"
              aria-expanded={isOpen}
              tabIndex={index === focusIndex ? 0 : -1}
              ref={(element) => {
                buttons.current[index] = element;
              }}
              onClick={() => (isOpen ? close(false) : openMenu(index, "none"))}
              onMouseEnter={() => open && !isOpen && openMenu(index, "none")}
              onKeyDown={(event) => onButtonKeyDown(event, index)}
            >
              {menu.label}
            </button>
            {isOpen && (
              <MenuDropdown
                menu={menu}
                active={open.active}
                onActiveChange={(active) => setOpen({ index, active })}
                onClose={close}
                onSwitchMenu={moveToMenu}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
