"""The notebook editor in Chromium: opening a 500-cell notebook, and typing while a cell streams.

    python bench/editor_load.py [--runs 5] [--keys 150]

A real ``collaboratory serve`` process (the front end as built into the package) and the system
Chromium (headless, the browser tests' flags). A 500-cell notebook (code and Markdown, small
outputs) is uploaded through the API, then opened ``--runs`` times, each in a fresh browser
context (empty HTTP cache, signed in by cookie). Times count from the navigation's start:

* first contentful paint (Performance API ``first-contentful-paint``);
* first cell painted: the first task after the frame that follows the first cell's arrival in
  the DOM (that frame has been rendered by then);
* interactive: the first code cell's editor takes a keystroke and shows the character.

One more load runs under Chromium's tracing, to say where the main thread's time goes. Then, while
one cell prints (1,000 lines/s paced by the clock, the issue's per-line loop, a batched loop), keys
are typed into another cell: from ``keydown`` (the event's own timestamp, so waiting for a busy
main thread counts) to the animation frame after the character is in the DOM. Long tasks
(``longtask`` entries) are summed. Typing is measured twice: with every process free to use every
CPU, and with the browser on a CPU of its own (``bench/cpus.py``), as on a user's machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    Locator,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)
from tests.clients import code_cell, notebook_bytes  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.servers import Server, free_port  # noqa: E402

import cpus  # noqa: E402  (bench/cpus.py)

VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
MARK = "§"
STREAMS: dict[str, str | None] = {
    "nothing (baseline)": None,
    "1,000 lines/s (the lines due, every 5 ms)": (
        "import time\nstart, sent = time.monotonic(), 0\nwhile sent < 60000:\n"
        "    due = int((time.monotonic() - start) * 1000)\n"
        "    if due > sent:\n"
        "        print('\\n'.join(map(str, range(sent, due))), flush=True)\n"
        "        sent = due\n"
        "    time.sleep(0.005)"
    ),
    "print(i, flush=True); sleep(1 ms)": (
        "import time\nfor i in range(20000): print(i, flush=True); time.sleep(0.001)"
    ),
    "10 lines every 10 ms": (
        "import time\nfor i in range(0, 20000, 10):\n"
        "    print('\\n'.join(map(str, range(i, i + 10))), flush=True); time.sleep(0.01)"
    ),
}
TRACED_STREAM_MS = 3000
# Main-thread trace events worth naming (nested ones overlap: Layout inside FunctionCall, ...).
TRACE_EVENTS = {
    "EvaluateScript": "evaluate scripts (top level)",
    "v8.compile": "compile",
    "v8.compileModule": "compile modules",
    "v8.evaluateModule": "evaluate modules (top level)",
    "FunctionCall": "JS callbacks (React render, socket messages)",
    "RunMicrotasks": "microtasks (promises)",
    "UpdateLayoutTree": "style recalculation",
    "Layout": "layout",
    "Paint": "paint",
    "ParseHTML": "parse HTML",
    "MajorGC": "major GC",
    "MinorGC": "minor GC",
}

# Installed before the app's scripts: the sync socket, first cell paint, first key echo, long tasks.
PROBES = r"""
window.__bench = {
  longTasks: [], firstCellPaint: null, markdownPaint: null, interactive: null, socket: {},
};
const afterNextFrame = (key) => {
  window.__bench[key] = -1;
  window.__bench[key + "InDom"] = performance.now();
  requestAnimationFrame(() => { window.__bench[key + "Frame"] = performance.now(); });
  // The task after the next frame: that frame (with the change) has been rendered by then.
  requestAnimationFrame(() => setTimeout(() => { window.__bench[key] = performance.now(); }));
};
const NativeSocket = window.WebSocket;
window.WebSocket = class extends NativeSocket {
  constructor(...args) {
    super(...args);
    if (!String(args[0]).includes("/sync")) return;
    const s = window.__bench.socket;
    s.created ??= performance.now();
    this.addEventListener("open", () => { s.open ??= performance.now(); });
    this.addEventListener("message", (e) => {
      const size = e.data.byteLength ?? e.data.size ?? e.data.length;
      if (!(size <= s.biggest)) { s.biggest = size; s.biggestAt = performance.now(); }
    });
  }
};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });
new MutationObserver((_, observer) => {
  const b = window.__bench;
  if (b.firstCellPaint === null && document.querySelector("[data-testid=cell]")) {
    afterNextFrame("firstCellPaint");
  }
  // Text cells show their source as text until the Markdown renderer's chunk has run.
  const formatted = ".cell-markdown h1, .cell-markdown h2, .cell-markdown p";
  if (b.markdownPaint === null && document.querySelector(formatted)) {
    afterNextFrame("markdownPaint");
  }
  const editor = document.querySelector(".cell-type-code .cm-content");
  if (b.interactive === null && editor && editor.textContent.includes("MARK")) {
    b.interactive = performance.now();
  }
  if (b.interactive !== null && b.markdownPaint !== null) observer.disconnect();
}).observe(document, { childList: true, subtree: true, characterData: true });
""".replace("MARK", MARK)

LOAD_FIGURES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const script = resources.find((r) => /index-.*\\.js$/.test(r.name));
  return {
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    html: nav.responseEnd,
    script: script ? script.responseEnd : null,
    requests: resources.filter((r) => !r.name.includes("/fa-"))
      .map((r) => [new URL(r.name).pathname, Math.round(r.startTime), Math.round(r.responseEnd)]),
    ...window.__bench,
    marks: performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)]),
  };
}"""

# Keystroke to paint in one editor: keydown's timestamp to the frame after the DOM changed.
KEY_LATENCY = r"""(editor) => {
  const samples = (window.__keyLatency = []);
  // Chromium's own keystroke-to-paint (Event Timing, as in INP): only keys over 16 ms are reported.
  const slow = (window.__slowKeys = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "keydown") slow.push(e.duration);
  }).observe({ type: "event", durationThreshold: 16 });
  let pending = null;
  editor.addEventListener("keydown", (e) => {
    pending = { start: e.timeStamp, length: editor.textContent.length };
  }, true);
  new MutationObserver(() => {
    if (pending && editor.textContent.length > pending.length) {
      const start = pending.start;
      pending = null;
      requestAnimationFrame(() => samples.push(performance.now() - start));
    }
  }).observe(editor, { childList: true, subtree: true, characterData: true });
}"""

LAST_STREAMED = """() => {
  const text = document.querySelector("[data-output=stream]")?.textContent ?? "";
  return Number(text.trim().split("\\n").pop() || 0);
}"""


def big_notebook(cells: int = 500) -> bytes:
    made: list[dict[str, Any]] = []
    for i in range(cells):
        if i % 3 == 0:
            source = f"## Section {i}\n\nSome *text* for cell {i}, with `code` and a [link](#)."
            made.append({"cell_type": "markdown", "id": f"m{i}", "metadata": {}, "source": source})
        else:
            out = {"output_type": "stream", "name": "stdout", "text": f"{i}\n{i * i}\n"}
            made.append(code_cell(f"c{i}", f"x = {i}\nprint(x)\nprint(x * x)", outputs=[out]))
    return notebook_bytes(made)


def long_tasks(tasks: list[list[float]], since: float = 0.0) -> str:
    durations = [d for start, d in tasks if start >= since]
    if not durations:
        return "none"
    return f"{len(durations)}, {sum(durations):.0f} ms in all, longest {max(durations):.0f} ms"


def open_until_interactive(page: Page, notebook_id: str) -> dict[str, Any]:
    """Opens the notebook and keeps typing MARK into the first code cell until it shows."""
    page.add_init_script(PROBES)
    page.goto(f"/notebooks/{notebook_id}", wait_until="commit")
    editor = page.locator(".cell-type-code .cm-content").first
    editor.wait_for(state="attached", timeout=60_000)
    while page.evaluate("window.__bench.interactive") is None:
        editor.focus()
        page.keyboard.type(MARK)
        page.wait_for_timeout(20)
    page.wait_for_function("window.__bench.markdownPaint > 0", timeout=60_000)
    figures: dict[str, Any] = page.evaluate(LOAD_FIGURES)
    socket = figures.pop("socket")
    figures.update(socketCreated=socket["created"], socketOpen=socket["open"])
    figures.update(documentAt=socket["biggestAt"], documentBytes=socket["biggest"])
    return figures


def open_once(browser: Browser, base: str, state: Any, notebook_id: str) -> dict[str, Any]:
    context = browser.new_context(base_url=base, storage_state=state, viewport=VIEWPORT)
    try:
        return open_until_interactive(context.new_page(), notebook_id)
    finally:
        context.close()


TRACE_CATEGORIES = ["devtools.timeline", "v8", "disabled-by-default-devtools.timeline"]


def main_thread_totals(trace_json: bytes) -> dict[str, float]:
    """Milliseconds per kind of work on the pages' main threads, from a Chromium trace."""
    trace = json.loads(trace_json)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    main_threads = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    totals: dict[str, float] = defaultdict(float)
    for e in events:
        if e.get("ph") != "X" or (e["pid"], e["tid"]) not in main_threads:
            continue
        if e.get("name") in TRACE_EVENTS:
            totals[TRACE_EVENTS[e["name"]]] += e.get("dur", 0) / 1000
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def traced_load(browser: Browser, base: str, state: Any, notebook_id: str) -> dict[str, float]:
    """Where the main thread's time goes during one load."""
    context = browser.new_context(base_url=base, storage_state=state, viewport=VIEWPORT)
    try:
        page = context.new_page()
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
        open_until_interactive(page, notebook_id)
        return main_thread_totals(browser.stop_tracing())
    finally:
        context.close()


def set_source(page: Page, cell_index: int, source: str) -> None:
    """Replaces a cell's source; a cell far from the viewport shows a placeholder until clicked."""
    cell = page.locator("[data-testid=cell]").nth(cell_index)
    cell.locator(".cell-editor-box").click()
    cell.locator(".cm-content").focus()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source)


def press_keys(page: Page, target: Locator, keys: int) -> tuple[list[float], list[float]]:
    """Types ``keys`` letters into ``target`` (focused already): keystroke-to-frame samples and the
    Event Timing durations of the keys that took over 16 ms to paint."""
    target.evaluate(KEY_LATENCY)
    for i in range(keys):
        page.keyboard.press("abcdefghijklmnopqrstuvwxyz"[i % 26])
        page.wait_for_function(f"window.__keyLatency.length >= {i + 1}", timeout=10_000)
        page.wait_for_timeout(30)
    page.wait_for_timeout(200)  # the last keys' event timing entries
    return page.evaluate("window.__keyLatency"), page.evaluate("window.__slowKeys")


def type_keys(page: Page, keys: int) -> tuple[list[float], list[float], str]:
    """Types into cell 3: what ``press_keys`` measures, and the long tasks meanwhile."""
    set_source(page, 2, "# ")
    since = page.evaluate("performance.now()")
    samples, slow = press_keys(
        page, page.locator("[data-testid=cell]").nth(2).locator(".cm-content"), keys
    )
    return samples, slow, long_tasks(page.evaluate("window.__bench.longTasks"), since)


def typing_while_streaming(page: Page, code: str | None, keys: int) -> dict[str, Any]:
    """Typing into cell 3 while cell 2 runs ``code`` (None: nothing runs); lines/s shown."""
    if code is None:
        samples, slow, tasks = type_keys(page, keys)
        return {"samples": samples, "slow": slow, "rate": 0.0, "long_tasks": tasks, "trace": {}}
    # The previous run's output stays until this run clears it: this run's starts with its tag.
    tag = f"run {time.monotonic_ns()}"
    set_source(page, 1, f"print({tag!r})\n{code}")
    page.keyboard.press("Control+Enter")
    # named "Interrupt execution" while it runs
    run_button = page.locator("[data-testid=cell]").nth(1).locator(".run-button")
    expect(run_button).to_have_attribute("data-status", "running", timeout=60_000)
    output_head = "document.querySelector('[data-output=stream]')?.textContent.split('\\n')[0]"
    flowing = f"{output_head} === {tag!r} && ({LAST_STREAMED})() > 100"
    page.wait_for_function(flowing, timeout=60_000)
    first_line, started = page.evaluate(LAST_STREAMED), time.monotonic()
    samples, slow, tasks = type_keys(page, keys)
    rate = (page.evaluate(LAST_STREAMED) - first_line) / (time.monotonic() - started)
    browser = page.context.browser
    assert browser is not None
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.wait_for_timeout(TRACED_STREAM_MS)
    traced = main_thread_totals(browser.stop_tracing())
    page.keyboard.press("Escape")
    menu_bar = page.get_by_role("menubar", name="Notebook menu")
    menu_bar.get_by_role("menuitem", name="Runtime").click()
    page.get_by_role("menuitem", name="Interrupt execution").click()
    expect(run_button).not_to_have_attribute("data-status", "running", timeout=60_000)
    return {"samples": samples, "slow": slow, "rate": rate, "long_tasks": tasks, "trace": traced}


def typing_on_a_blank_page(browser: Browser, keys: int) -> dict[str, Any]:
    """The same keys into a bare contenteditable on an empty page: this browser's own floor."""
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.set_content('<div contenteditable style="font: 14px monospace; height: 9em"></div>')
        box = page.locator("div")
        box.click()
        samples, slow = press_keys(page, box, keys)
        return {"samples": samples, "slow": slow, "rate": 0.0, "long_tasks": "—", "trace": {}}
    finally:
        page.close()


def typing_both_ways(page: Page, server: Server, keys: int) -> dict[str, dict[str, Any]]:
    """Every stream, with CPUs shared by all, then with the browser on a CPU of its own."""
    typing = {}
    placements = ["CPUs shared"] + (["browser on its own CPU"] if len(cpus.all_cpus()) > 1 else [])
    for placement in placements:
        browser, rest = cpus.browser_processes(), cpus.descendants(server.proc.pid)
        if placement == "CPUs shared":
            cpus.pin(browser + rest, cpus.all_cpus())
        else:
            cpus.pin(browser, {0})
            cpus.pin(rest, cpus.all_cpus() - {0})
        for label, code in STREAMS.items():
            typing[f"{label}, {placement}"] = typing_while_streaming(page, code, keys)
    cpus.pin(cpus.browser_processes() + cpus.descendants(server.proc.pid), cpus.all_cpus())
    return typing


def sign_up_and_upload(context: BrowserContext, base: str, content: bytes) -> str:
    origin = {"Origin": base}
    user = {"username": "bench", "password": "a long enough password"}
    created = context.request.post("/api/auth/signup", data=user, headers=origin)
    assert created.ok, created.text()
    xsrf = next(c["value"] for c in context.cookies() if c["name"] == "_xsrf")
    upload = context.request.post(
        "/api/drive/upload",
        multipart={
            "file": {"name": "big.ipynb", "mimeType": "application/json", "buffer": content}
        },
        headers={**origin, "X-XSRFToken": xsrf},
    )
    assert upload.ok, upload.text()
    notebook_id: str = upload.json()["id"]
    return notebook_id


def event_timing(slow: list[float], keys: int) -> str:
    """p50 / p95 of Chromium's keystroke-to-paint durations (8 ms steps); keys it did not report
    (rounded under 16 ms, so under 12 ms) count as "< 12"."""

    def at(q: float) -> str:
        rank = int(q * keys)
        fast = keys - len(slow)
        return "< 12" if rank < fast else f"{sorted(slow)[min(rank - fast, len(slow) - 1)]:.0f}"

    return f"{at(0.5)} / {at(0.95)} ms" if keys else "—"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(
    loads: list[dict[str, Any]],
    trace: dict[str, float],
    typing: dict[str, dict[str, Any]],
    size: int,
) -> None:
    def row(label: str, key: str, target: str) -> None:
        values = [float(run[key]) for run in loads]
        spread = f"{min(values):.0f}–{max(values):.0f} ms"
        print(f"| {label} | {statistics.median(values):.0f} ms | {spread} | {target} |")

    print(
        f"500 cells ({size / 1024:.0f} KiB .ipynb), {len(loads)} cold loads, "
        f"{os.cpu_count()} CPUs\n"
    )
    print(
        "| measure (from navigation start) | p50 | range | target |\n| --- | ---: | ---: | ---: |"
    )
    row("HTML received", "html", "")
    row("app script received", "script", "")
    row("sync socket created", "socketCreated", "")
    row("sync socket open", "socketOpen", "")
    row("document received (largest sync message)", "documentAt", "")
    row("first contentful paint", "fcp", "")
    row("first cell painted", "firstCellPaint", "≤ 500 ms")
    row("first text cell formatted (Markdown renderer loaded)", "markdownPaint", "")
    row("interactive (first code cell echoes a key)", "interactive", "≤ 1000 ms")
    print("\nlong tasks per load:", "; ".join(long_tasks(run["longTasks"]) for run in loads))
    first = loads[0]
    tasks = ", ".join(f"{start:.0f}+{duration:.0f}" for start, duration in first["longTasks"])
    print(f"first load's long tasks (start+duration ms): {tasks}")
    print("first load's requests (path, start, end ms):", first["requests"])
    print("\nmain thread during one traced load (nested kinds overlap):")
    for kind, ms in trace.items():
        print(f"  {kind}: {ms:.0f} ms")
    print(
        "\n| typing while a cell prints | lines/s shown | to next frame, p50 | p95 "
        "| to paint (Event Timing), p50 / p95 | long tasks |"
    )
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for label, got in typing.items():
        samples = got["samples"]
        print(
            f"| {label} (n={len(samples)}) | {got['rate']:.0f} "
            f"| {statistics.median(samples):.1f} ms | {percentile(samples, 0.95):.1f} ms "
            f"| {event_timing(got['slow'], len(samples))} | {got['long_tasks']} |"
        )
    for label, got in typing.items():
        if got["trace"]:
            kinds = ", ".join(f"{kind} {ms:.0f} ms" for kind, ms in got["trace"].items())
            print(f"\nmain thread during {TRACED_STREAM_MS} ms of «{label}»: {kinds}")


def main(runs: int, keys: int, typing_too: bool = True) -> None:
    os.environ["COLLABORATORY_RUNTIMES__SURVIVE_RESTART"] = "false"
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("chromium is not installed")
    content = big_notebook()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        server = Server(Path(tmp) / "data", free_port())
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(base_url=server.url, viewport=VIEWPORT)
            notebook_id = sign_up_and_upload(context, server.url, content)
            state = context.storage_state()
            open_once(browser, server.url, state, notebook_id)  # warm-up: the room loads
            loads = [open_once(browser, server.url, state, notebook_id) for _ in range(runs)]
            trace = traced_load(browser, server.url, state, notebook_id)
            page = context.new_page()
            open_until_interactive(page, notebook_id)
            typing = {}
            if typing_too:
                typing["a bare contenteditable on an empty page (the browser's floor)"] = (
                    typing_on_a_blank_page(browser, keys)
                )
                typing.update(typing_both_ways(page, server, keys))
        finally:
            browser.close()
            server.proc.terminate()
            server.proc.wait(timeout=30)
    report(loads, trace, typing, len(content))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=150)
    parser.add_argument("--loads-only", action="store_true", help="skip typing while streaming")
    args = parser.parse_args()
    main(args.runs, args.keys, typing_too=not args.loads_only)
