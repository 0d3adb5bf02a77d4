import { useRef, useState, type DragEvent } from "react";

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes("Files");
}

/** Drag-and-drop of files: `active` while files hover over the zone; `onFiles` gets the dropped files. */
export function useDropZone(onFiles: (files: File[]) => void, enabled = true) {
  const [active, setActive] = useState(false);
  const depth = useRef(0);

  const handlers = {
    onDragEnter(e: DragEvent) {
      if (!enabled || !hasFiles(e)) return;
      e.preventDefault();
      depth.current += 1;
      setActive(true);
    },
    onDragOver(e: DragEvent) {
      if (!enabled || !hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    },
    onDragLeave(e: DragEvent) {
      if (!enabled || !hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setActive(false);
    },
    onDrop(e: DragEvent) {
      if (!enabled) return;
      e.preventDefault();
      depth.current = 0;
      setActive(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length > 0) onFiles(files);
    },
  };
  return { active, handlers };
}
