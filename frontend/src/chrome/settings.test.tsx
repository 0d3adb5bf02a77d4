import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { applyStoredTheme, loadSettings, SETTINGS_KEY, useSettings } from "./settings";
import { SettingsDialog } from "./SettingsDialog";

function mockSystemTheme(dark: boolean) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: dark && query === "(prefers-color-scheme: dark)",
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}

function FontSizeProbe() {
  const { settings, update } = useSettings();
  return (
    <button type="button" onClick={() => update({ fontSize: 20 })}>
      {settings.theme} {settings.fontSize}
    </button>
  );
}

beforeEach(() => {
  localStorage.clear();
  delete document.documentElement.dataset.theme;
  mockSystemTheme(false);
});
afterEach(() => vi.unstubAllGlobals());

describe("settings", () => {
  it("defaults to the system theme and falls back to defaults for damaged storage", () => {
    expect(loadSettings()).toEqual({ theme: "system", fontSize: 14 });
    localStorage.setItem(SETTINGS_KEY, "{not json");
    expect(loadSettings()).toEqual({ theme: "system", fontSize: 14 });
    localStorage.setItem(SETTINGS_KEY, JSON.stringify({ theme: "purple", fontSize: 400 }));
    expect(loadSettings()).toEqual({ theme: "system", fontSize: 14 });
  });

  it("applyStoredTheme sets the theme and the editor font size on <html>", () => {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify({ theme: "dark", fontSize: 16 }));
    applyStoredTheme();
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(document.documentElement.style.getPropertyValue("--editor-font-size")).toBe("16px");
  });

  it("resolves the system theme from prefers-color-scheme", () => {
    mockSystemTheme(true);
    applyStoredTheme();
    expect(document.documentElement.dataset.theme).toBe("dark");
  });

  it("the dialog saves the choice in localStorage and applies it; Cancel changes nothing", () => {
    const onClose = vi.fn();
    const view = render(<SettingsDialog onClose={onClose} />);
    expect(screen.getByRole<HTMLInputElement>("radio", { name: "Same as the system" }).checked).toBe(true);
    fireEvent.click(screen.getByRole("radio", { name: "Dark" }));
    fireEvent.change(screen.getByRole("combobox", { name: "Editor font size" }), { target: { value: "18" } });
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(localStorage.getItem(SETTINGS_KEY)).toBeNull();
    view.unmount();

    render(<SettingsDialog onClose={onClose} />);
    fireEvent.click(screen.getByRole("radio", { name: "Dark" }));
    fireEvent.change(screen.getByRole("combobox", { name: "Editor font size" }), { target: { value: "18" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "null")).toEqual({ theme: "dark", fontSize: 18 });
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(document.documentElement.style.getPropertyValue("--editor-font-size")).toBe("18px");
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it("useSettings re-renders when settings change, here or in another tab", () => {
    render(<FontSizeProbe />);
    const probe = screen.getByRole("button");
    expect(probe.textContent).toBe("system 14");
    fireEvent.click(probe);
    expect(probe.textContent).toBe("system 20");
    act(() => {
      localStorage.setItem(SETTINGS_KEY, JSON.stringify({ theme: "light", fontSize: 12 }));
      window.dispatchEvent(new StorageEvent("storage", { key: SETTINGS_KEY }));
    });
    expect(probe.textContent).toBe("light 12");
  });
});
