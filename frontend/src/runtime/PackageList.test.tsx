import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { filterPackages, PackageList } from "./PackageList";

const packages = [
  { name: "numpy", version: "2.3.1" },
  { name: "scikit-learn", version: "1.7.0" },
  { name: "typing_extensions", version: "4.14.0" },
  { name: "mylib", version: "" },
];

describe("PackageList", () => {
  it("lists name and version, and filters by name as pip compares names", () => {
    render(<PackageList packages={packages} label="Packages of standard" />);
    const table = screen.getByRole("table", { name: "Packages of standard" });
    expect(within(table).getAllByRole("row")).toHaveLength(5);
    expect(within(table).getByRole("row", { name: "numpy 2.3.1" })).toBeTruthy();
    expect(within(table).getByRole("row", { name: "mylib —" })).toBeTruthy();
    expect(screen.getByText("4 packages")).toBeTruthy();
    fireEvent.change(screen.getByRole("searchbox", { name: "Filter packages" }), { target: { value: "Scikit_Learn" } });
    expect(within(table).getAllByRole("row").map((r) => r.textContent)).toEqual(["PackageVersion", "scikit-learn1.7.0"]);
    expect(screen.getByText("1 of 4 packages")).toBeTruthy();
  });

  it("keeps every package for an empty filter", () => {
    expect(filterPackages(packages, "  ")).toHaveLength(4);
    expect(filterPackages(packages, "typing-ext").map((p) => p.name)).toEqual(["typing_extensions"]);
  });
});
