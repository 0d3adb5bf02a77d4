import type { HtmlTagDescriptor, Plugin, Rollup } from "vite";

/**
 * Opening a notebook by its address: the page asks for the editor's chunks (and their CSS) while
 * the app's own script is still loading, instead of after the app has started and asked the
 * server who is signed in. Chromium compiles them off the main thread meanwhile; each runs only
 * when the app imports it. `entries`: the chunks' source modules, most wanted first. The script
 * goes first in <head>: after a stylesheet, it would wait for that stylesheet to load. (The
 * server sends the charset in Content-Type, so <meta charset> need not come first.)
 */
export function preloadEditorOnNotebookPages(entries: string[], pathPattern: RegExp): Plugin {
  return {
    name: "collaboratory:preload-editor",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, context): HtmlTagDescriptor[] {
        const chunks = entries.flatMap((entry) => editorChunk(context.bundle, entry) ?? []);
        if (chunks.length === 0) return [];
        const scripts = new Set(chunks.flatMap((chunk) => [chunk.fileName, ...chunk.imports]));
        const styles = new Set(chunks.flatMap((chunk) => [...(chunk.viteMetadata?.importedCss ?? [])]));
        for (const name of scripts) if (isEntry(context.bundle, name)) scripts.delete(name);
        const links = [
          ...[...scripts].map((file) => ({ rel: "modulepreload", href: `/${file}` })),
          ...[...styles].map((file) => ({ rel: "preload", as: "style", href: `/${file}` })),
        ];
        const code =
          `if (${pathPattern.toString()}.test(location.pathname)) for (const attrs of ${JSON.stringify(links)}) ` +
          `document.head.appendChild(Object.assign(document.createElement("link"), attrs));`;
        return [{ tag: "script", children: code, injectTo: "head-prepend" }];
      },
    },
  };
}

function editorChunk(bundle: Rollup.OutputBundle | undefined, entry: string): Rollup.OutputChunk | undefined {
  return Object.values(bundle ?? {}).find(
    (output): output is Rollup.OutputChunk =>
      output.type === "chunk" && output.isDynamicEntry && (output.facadeModuleId ?? "").endsWith(entry),
  );
}

function isEntry(bundle: Rollup.OutputBundle | undefined, fileName: string): boolean {
  const output = bundle?.[fileName];
  return output?.type === "chunk" && output.isEntry;
}
