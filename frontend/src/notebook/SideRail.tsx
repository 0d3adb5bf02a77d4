import type { PanelName } from "./SidePanel";

const ITEMS: { panel: PanelName; label: string; d: string }[] = [
  { panel: "toc", label: "Table of contents", d: "M3 9h14V7H3v2zm0 4h14v-2H3v2zm0 4h14v-2H3v2zm16 0h2v-2h-2v2zm0-10v2h2V7h-2zm0 6h2v-2h-2v2z" },
  { panel: "snippets", label: "Code snippets", d: "M9.4 16.6L4.8 12l4.6-4.6L8 6l-6 6 6 6 1.4-1.4zm5.2 0l4.6-4.6-4.6-4.6L16 6l6 6-6 6-1.4-1.4z" },
  { panel: "secrets", label: "Secrets", d: "M12.65 10C11.83 7.67 9.61 6 7 6c-3.31 0-6 2.69-6 6s2.69 6 6 6c2.61 0 4.83-1.67 5.65-4H17v4h4v-4h2v-4H12.65zM7 14c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2z" },
  { panel: "files", label: "Files", d: "M10 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2h-8l-2-2z" },
];

/** Colab's left rail: toggles the side panels. */
export function SideRail({ open, onToggle }: { open: PanelName | null; onToggle(panel: PanelName): void }) {
  return (
    <nav className="nb-rail" aria-label="Side panels">
      {ITEMS.map((item) => (
        <button
          key={item.panel}
          type="button"
          className={`icon-button nb-rail-button${open === item.panel ? " open" : ""}`}
          aria-label={item.label}
          aria-pressed={open === item.panel}
          title={item.label}
          onClick={() => onToggle(item.panel)}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true">
            <path d={item.d} />
          </svg>
        </button>
      ))}
    </nav>
  );
}
