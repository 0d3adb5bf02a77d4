import type { TocEntry } from "./types";
import "./chrome.css";

interface Props {
  entries: TocEntry[];
  onJump: (cellId: string) => void;
  activeId?: string;
}

/** The notebook's Markdown headings, indented by level; a click scrolls to the heading's cell. */
export function TableOfContents({ entries, onJump, activeId }: Props) {
  const top = Math.min(...entries.map((entry) => entry.level));
  return (
    <nav className="chrome-toc" aria-label="Table of contents">
      {entries.length === 0 ? (
        <p className="chrome-empty">Add headings to text cells (# Title) to see them here.</p>
      ) : (
        <ul>
          {entries.map((entry, index) => (
            <li key={`${entry.cellId}-${index}`}>
              <button
                type="button"
                className={`chrome-toc-entry${entry.cellId === activeId ? " active" : ""}`}
                style={{ paddingLeft: `${12 + 16 * Math.max(0, entry.level - top)}px` }}
                aria-current={entry.cellId === activeId ? "location" : undefined}
                data-level={entry.level}
                onClick={() => onJump(entry.cellId)}
              >
                {entry.text || "(untitled)"}
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
