// How parts of the notebook page (a cell's output, the Files panel) ask the page to show a
// runtime file or folder: the page provides this, and owns the Files panel and the file viewer.
import { createContext } from "react";

export interface FilesNavigation {
  /** Opens the Files panel at a folder of the runtime's /content ("" is /content itself). */
  showFolder(path: string): void;
  /** Shows a file of the runtime's /content in the file viewer. */
  viewFile(path: string): void;
}

export const FilesNavigationContext = createContext<FilesNavigation | null>(null);

/** The page's request that the Files panel show a folder; `seq` tells a repeated request apart. */
export interface FolderRequest {
  path: string;
  seq: number;
}
