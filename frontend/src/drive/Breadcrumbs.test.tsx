import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DriveItem } from "../api/types";
import { Breadcrumbs } from "./Breadcrumbs";

const folder = (id: string, name: string) => ({ id, name, kind: "folder", role: "viewer" }) as DriveItem;

describe("Breadcrumbs", () => {
  it("start at My Drive in my own folders", () => {
    render(<Breadcrumbs path={[folder("f1", "Projects")]} />);
    expect(screen.getByRole("link", { name: "My Drive" }).getAttribute("href")).toBe("/");
    expect(screen.getByText("Projects").getAttribute("aria-current")).toBe("page");
  });

  it("start at Shared with me in a folder someone shared", () => {
    render(<Breadcrumbs path={[folder("f1", "Team"), folder("f2", "Data")]} root="Shared with me" rootHref="/drive/shared" />);
    expect(screen.queryByRole("link", { name: "My Drive" })).toBeNull();
    expect(screen.getByRole("link", { name: "Shared with me" }).getAttribute("href")).toBe("/drive/shared");
    expect(screen.getByRole("link", { name: "Team" }).getAttribute("href")).toBe("/drive/folders/f1");
  });
});
