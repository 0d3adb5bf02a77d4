import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import type { DriveItem } from "../api/types";
import { DriveList } from "./DriveList";
import { iconKind } from "./ItemIcon";
import { sharedWith } from "./format";

function item(over: Partial<DriveItem>): DriveItem {
  return {
    id: "i", kind: "notebook", name: "x.ipynb", parent: null, origin: "created", size: 1200, content_type: null,
    created_at: "2024-03-01T10:00:00Z", updated_at: "2024-03-01T10:00:00Z", trashed: false, role: "owner", ...over,
  };
}

const items = [
  item({ id: "d", kind: "folder", name: "Data", origin: null, size: 0 }),
  item({ id: "c", name: "Created.ipynb", origin: "created" }),
  item({ id: "u", name: "Uploaded.ipynb", origin: "uploaded" }),
  item({ id: "f", kind: "file", name: "notes.txt", origin: null }),
];

describe("DriveList", () => {
  it("gives created and uploaded notebooks different, labelled icons and a data-origin", () => {
    render(<DriveList items={items} trash={false} onOpen={() => {}} onAction={() => {}} />);
    const created = screen.getByRole("row", { name: "Created.ipynb" });
    const uploaded = screen.getByRole("row", { name: "Uploaded.ipynb" });
    expect(created.dataset.origin).toBe("created");
    expect(uploaded.dataset.origin).toBe("uploaded");
    const createdIcon = within(created).getByRole("img", { name: "Notebook" });
    const uploadedIcon = within(uploaded).getByRole("img", { name: "Uploaded notebook" });
    expect(createdIcon.getAttribute("title")).toBe("Notebook");
    expect(createdIcon.innerHTML).not.toBe(uploadedIcon.innerHTML);
    within(screen.getByRole("row", { name: "Data" })).getByRole("img", { name: "Folder" });
    within(screen.getByRole("row", { name: "notes.txt" })).getByRole("img", { name: "File" });
  });

  it("maps kinds and origins to icon kinds", () => {
    expect(iconKind({ kind: "notebook", origin: "uploaded" })).toBe("uploaded-notebook");
    expect(iconKind({ kind: "notebook", origin: "created" })).toBe("notebook");
    expect(iconKind({ kind: "notebook", origin: null })).toBe("notebook");
    expect(iconKind({ kind: "folder", origin: null })).toBe("folder");
    expect(iconKind({ kind: "file", origin: null })).toBe("file");
  });

  it("has named row actions, and opens folders and notebooks on double-click or Enter", () => {
    const onOpen = vi.fn();
    const onAction = vi.fn();
    render(<DriveList items={items} trash={false} onOpen={onOpen} onAction={onAction} />);
    const row = screen.getByRole("row", { name: "Created.ipynb" });
    for (const name of ["Rename", "Move", "Download", "Delete"]) within(row).getByRole(name === "Download" ? "link" : "button", { name });
    expect(within(row).getByRole("link", { name: "Download" }).getAttribute("href")).toBe("/api/drive/items/c/content");
    fireEvent.click(within(row).getByRole("button", { name: "Rename" }));
    expect(onAction).toHaveBeenCalledWith("rename", items[1]);
    fireEvent.doubleClick(row);
    expect(onOpen).toHaveBeenCalledWith(items[1]);
    fireEvent.keyDown(screen.getByRole("row", { name: "Data" }), { key: "Enter" });
    expect(onOpen).toHaveBeenLastCalledWith(items[0]);
    fireEvent.doubleClick(screen.getByRole("row", { name: "notes.txt" }));
    expect(onOpen).toHaveBeenCalledTimes(2);
  });

  it("marks items the owner shared with an icon naming the people and the link role", () => {
    const shared = [
      item({ id: "p", name: "Team.ipynb", shared: { people: [{ username: "bob", role: "editor" }, { username: "carol", role: "viewer" }], link_role: null } }),
      item({ id: "l", name: "Public.ipynb", shared: { people: [{ username: "bob", role: "commenter" }], link_role: "viewer" } }),
      item({ id: "n", name: "Private.ipynb", shared: { people: [], link_role: null } }),
      item({ id: "r", name: "Theirs.ipynb", role: "viewer", shared: null }),
    ];
    render(<DriveList items={shared} trash={false} onOpen={() => {}} onAction={() => {}} />);
    const team = within(screen.getByRole("row", { name: "Team.ipynb" })).getByRole("img", { name: /^Shared with/ });
    expect(team.getAttribute("title")).toBe("Shared with bob (editor), carol (viewer)");
    const pub = within(screen.getByRole("row", { name: "Public.ipynb" })).getByRole("img", { name: /^Shared with/ });
    expect(pub.getAttribute("title")).toBe("Shared with bob (commenter), Anyone with the link (viewer)");
    for (const name of ["Private.ipynb", "Theirs.ipynb"]) {
      expect(within(screen.getByRole("row", { name })).queryByRole("img", { name: /^Shared with/ })).toBeNull();
    }
    expect(sharedWith({ people: [], link_role: "editor" })).toBe("Shared with Anyone with the link (editor)");
    expect(sharedWith(undefined)).toBeNull();
  });

  it("offers Restore and Delete forever in the trash", () => {
    const onAction = vi.fn();
    render(<DriveList items={[items[1]!]} trash onOpen={() => {}} onAction={onAction} />);
    fireEvent.click(screen.getByRole("button", { name: "Delete forever" }));
    expect(onAction).toHaveBeenCalledWith("deleteForever", items[1]);
    screen.getByRole("button", { name: "Restore" });
    expect(screen.queryByRole("button", { name: "Rename" })).toBeNull();
  });
});
