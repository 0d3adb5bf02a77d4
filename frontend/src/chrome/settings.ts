import { useCallback, useSyncExternalStore } from "react";
import "./theme.css";

export type ThemeChoice = "light" | "dark" | "system";

/** The user's editor preferences, kept in this browser. */
export interface UserSettings {
  theme: ThemeChoice;
  /** The code editor's font size in pixels. */
  fontSize: number;
}

export const SETTINGS_KEY = "collaboratory.settings";
export const FONT_SIZES = [11, 12, 13, 14, 15, 16, 18, 20, 24] as const;
export const DEFAULT_SETTINGS: UserSettings = { theme: "system", fontSize: 14 };
const CHANGED = "collaboratory-settings-changed";

function parseSettings(raw: string | null): UserSettings {
  let value: unknown = null;
  try {
    value = raw === null ? null : JSON.parse(raw);
  } catch {
    // A damaged entry falls back to the defaults.
  }
  if (typeof value !== "object" || value === null) return DEFAULT_SETTINGS;
  const { theme, fontSize } = value as Record<string, unknown>;
  return {
    theme: theme === "light" || theme === "dark" || theme === "system" ? theme : DEFAULT_SETTINGS.theme,
    fontSize:
      typeof fontSize === "number" && fontSize >= 8 && fontSize <= 40 ? fontSize : DEFAULT_SETTINGS.fontSize,
  };
}

function readRaw(): string | null {
  try {
    return localStorage.getItem(SETTINGS_KEY);
  } catch {
    return null; // storage disabled
  }
}

export function loadSettings(): UserSettings {
  return parseSettings(readRaw());
}

/** Stores the settings, applies them to the page and tells every useSettings() user. */
export function saveSettings(settings: UserSettings): void {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // storage disabled: the settings still apply to this page
  }
  applySettings(settings);
  window.dispatchEvent(new Event(CHANGED));
}

function prefersDark(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}

export function resolveTheme(choice: ThemeChoice): "light" | "dark" {
  if (choice === "system") return prefersDark() ? "dark" : "light";
  return choice;
}

export function applySettings(settings: UserSettings): void {
  const root = document.documentElement;
  root.dataset.theme = resolveTheme(settings.theme);
  root.style.setProperty("--editor-font-size", `${settings.fontSize}px`);
}

let followingSystem = false;

/** Applies the stored theme and font size; call once at start-up. Follows the system theme. */
export function applyStoredTheme(): void {
  applySettings(loadSettings());
  if (followingSystem || typeof window.matchMedia !== "function") return;
  followingSystem = true;
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (loadSettings().theme === "system") applySettings(loadSettings());
  });
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (event: StorageEvent) => event.key === SETTINGS_KEY && onChange();
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onStorage);
  };
}

/** The current settings, re-rendering when they change (in this tab or another), and `update`. */
export function useSettings(): { settings: UserSettings; update: (changes: Partial<UserSettings>) => void } {
  const raw = useSyncExternalStore(subscribe, readRaw, () => null);
  const settings = parseSettings(raw);
  const update = useCallback((changes: Partial<UserSettings>) => saveSettings({ ...loadSettings(), ...changes }), []);
  return { settings, update };
}
