import type { HtmlTagDescriptor, IndexHtmlTransformContext, Rollup } from "vite";
import { describe, expect, it } from "vitest";
import { preloadEditorOnNotebookPages } from "./preloadEditor";

function chunk(fileName: string, facadeModuleId: string, extra: Partial<Rollup.OutputChunk> = {}): Rollup.OutputChunk {
  return { type: "chunk", fileName, facadeModuleId, isEntry: false, isDynamicEntry: true, imports: [], ...extra } as Rollup.OutputChunk;
}

function transform(bundle: Rollup.OutputBundle): HtmlTagDescriptor[] {
  const plugin = preloadEditorOnNotebookPages(["/src/Editor.tsx", "/src/markdown.ts"], /^\/notebooks\/[^/]+$/);
  const hook = plugin.transformIndexHtml as { handler(html: string, context: IndexHtmlTransformContext): HtmlTagDescriptor[] };
  return hook.handler("<html></html>", { path: "/index.html", filename: "index.html", bundle });
}

describe("preloadEditorOnNotebookPages", () => {
  it("adds a script that preloads the editor's chunks, their shared chunks and CSS on notebook pages only", () => {
    const bundle: Rollup.OutputBundle = {
      "assets/index.js": chunk("assets/index.js", "/src/main.tsx", { isEntry: true, isDynamicEntry: false }),
      "assets/Editor.js": chunk("assets/Editor.js", "/src/Editor.tsx", {
        imports: ["assets/index.js", "assets/shared.js"],
        viteMetadata: { importedCss: new Set(["assets/Editor.css"]), importedAssets: new Set() } as Rollup.OutputChunk["viteMetadata"],
      }),
      "assets/markdown.js": chunk("assets/markdown.js", "/src/markdown.ts"),
      "assets/shared.js": chunk("assets/shared.js", "/src/shared.ts", { isDynamicEntry: false }),
    };
    const [tag] = transform(bundle);
    const code = String(tag?.children);
    const appended: Record<string, string>[] = [];
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the inline script the plugin writes into index.html, as a browser would
    const script = new Function("location", "document", code) as (location: { pathname: string }, document: unknown) => void;
    const run = (pathname: string) =>
      script(
        { pathname },
        { head: { appendChild: (link: Record<string, string>) => appended.push({ ...link }) }, createElement: () => ({}) },
      );
    run("/drive");
    expect(appended).toEqual([]);
    run("/notebooks/abc");
    expect(appended).toEqual([
      { rel: "modulepreload", href: "/assets/Editor.js" },
      { rel: "modulepreload", href: "/assets/shared.js" },
      { rel: "modulepreload", href: "/assets/markdown.js" },
      { rel: "preload", as: "style", href: "/assets/Editor.css" },
    ]);
  });

  it("adds nothing when the chunks are not in the bundle (the dev server)", () => {
    expect(transform({})).toEqual([]);
  });
});
