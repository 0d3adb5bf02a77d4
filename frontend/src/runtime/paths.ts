// Paths relative to the runtime's /content, as the Files panel walks them.

export interface Crumb {
  name: string;
  path: string;
}

/** "a/b" → content › a › b, each crumb with the path it leads to ("" is /content itself). */
export function pathCrumbs(path: string): Crumb[] {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  return [
    { name: "content", path: "" },
    ...parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join("/") })),
  ];
}

export function joinPath(directory: string, name: string): string {
  return directory === "" ? name : `${directory}/${name}`;
}

export function parentPath(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut < 0 ? "" : path.slice(0, cut);
}

/** A name for a new folder: one path segment, no "." or "..". Returns an error message or null. */
export function folderNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === "") return "Enter a name.";
  if (trimmed.includes("/")) return "A name cannot contain “/”.";
  if (trimmed === "." || trimmed === "..") return "Choose another name.";
  return null;
}
