/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { preloadEditorOnNotebookPages } from "./vite/preloadEditor";

export default defineConfig({
  plugins: [
    react(),
    preloadEditorOnNotebookPages(
      ["/src/notebook/NotebookPage.tsx", "/src/notebook/cell/CellEditor.tsx", "/src/notebook/markdown.ts"],
      /^\/notebooks\/[^/]+\/?$/,
    ),
  ],
  base: "/",
  build: {
    outDir: "../src/collaboratory/server/static",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", ws: true, changeOrigin: false },
      "/output-frame": { target: "http://127.0.0.1:8000" }, // HTML outputs' frame document
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "vite/**/*.test.ts"],
  },
});
