import { useEffect, useRef, type KeyboardEvent } from "react";
import { firstSelectable, isSelectable, isSeparator, lastSelectable, nextSelectable } from "./menuNavigation";
import type { Menu, MenuItem } from "./types";

interface Props {
  menu: Menu;
  active: number;
  onActiveChange: (index: number) => void;
  /** Close the menu; `refocus` puts focus back on the menu's button. */
  onClose: (refocus: boolean) => void;
  onSwitchMenu: (step: 1 | -1) => void;
}

/** The open dropdown of one menu: role=menu of role=menuitem entries, shortcuts right-aligned. */
export function MenuDropdown({ menu, active, onActiveChange, onClose, onSwitchMenu }: Props) {
  const entries = useRef<(HTMLElement | null)[]>([]);
  const { items } = menu;

  useEffect(() => {
    if (active >= 0) entries.current[active]?.focus();
  }, [active]);

  function select(item: MenuItem) {
    if (!isSelectable(item)) return;
    onClose(false);
    item.onSelect();
  }

  function onKeyDown(event: KeyboardEvent) {
    const moves: Record<string, () => void> = {
      ArrowDown: () => onActiveChange(nextSelectable(items, active, 1)),
      ArrowUp: () => onActiveChange(active < 0 ? lastSelectable(items) : nextSelectable(items, active, -1)),
      Home: () => onActiveChange(firstSelectable(items)),
      End: () => onActiveChange(lastSelectable(items)),
      ArrowRight: () => onSwitchMenu(1),
      ArrowLeft: () => onSwitchMenu(-1),
      Escape: () => onClose(true),
      Enter: () => items[active] && select(items[active]),
      " ": () => items[active] && select(items[active]),
      Tab: () => onClose(false),
    };
    const move = moves[event.key];
    if (!move) return;
    if (event.key !== "Tab") event.preventDefault();
    event.stopPropagation();
    move();
  }

  return (
    <div className="chrome-menu" role="menu" aria-label={menu.label} onKeyDown={onKeyDown}>
      {items.map((item, index) => {
        if (isSeparator(item)) return <div key={`separator-${index}`} role="separator" className="chrome-menu-separator" />;
        return (
          <button
            key={`${item.label}-${index}`}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={`chrome-menu-item${index === active ? " active" : ""}`}
            aria-disabled={item.disabled || undefined}
            aria-keyshortcuts={item.shortcut}
            data-checked={item.checked === undefined ? undefined : String(item.checked)}
            ref={(element) => {
              entries.current[index] = element;
            }}
            onMouseEnter={() => isSelectable(item) && onActiveChange(index)}
            onClick={() => select(item)}
          >
            <span className="chrome-menu-check" aria-hidden="true">
              {item.checked ? "✓" : ""}
            </span>
            <span className="chrome-menu-label">{item.label}</span>
            {item.shortcut && (
              <span className="chrome-menu-shortcut" aria-hidden="true">
                {item.shortcut}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
