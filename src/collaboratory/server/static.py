"""Serves the built front end: files as they are, every other page path gets index.html.

Also serves ``/output-frame``, the document every HTML or JavaScript output runs in: a sandboxed
frame with an opaque origin and a policy of its own (see ``headers.py``), which writes the output
the app posts to it into itself.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from collaboratory.server.errors import no_route
from collaboratory.server.headers import OUTPUT_FRAME_POLICY, app_policy, inline_script_hashes

STATIC_DIR = Path(__file__).parent / "static"

NOT_BUILT = """<!doctype html><title>Collaboratory</title>
<p>The front end has not been built. Run <code>make run</code> in the checkout, or
<code>npm run build</code> in <code>frontend/</code>.</p>"""

OUTPUT_FRAME_PATH = "/output-frame"

# Takes one document from the frame's parent (the app) and becomes it. document.open() drops this
# listener, so the output cannot be replaced afterwards by anyone but the output itself.
OUTPUT_FRAME = """<!doctype html><html><head><meta charset="utf-8"><title>Output</title>
<script>addEventListener("message", function (event) {
  var data = event.data;
  if (event.source !== parent || parent === window) return;
  if (!data || typeof data.collaboratoryFrameHtml !== "string") return;
  document.open();
  document.write(data.collaboratoryFrameHtml);
  document.close();
});
if (parent !== window) parent.postMessage({ collaboratoryFrameReady: true }, "*");</script>
</head><body></body></html>"""

OUTPUT_FRAME_HEADERS = {
    "Content-Security-Policy": OUTPUT_FRAME_POLICY,
    "X-Frame-Options": "SAMEORIGIN",
    "Cache-Control": "public, max-age=3600",
}


class _IndexPolicy:
    """The app's policy with index.html's inline scripts allowed by hash, read once per build."""

    def __init__(self) -> None:
        self._key: tuple[int, int] | None = None
        self._policy = app_policy()

    def for_file(self, index: Path) -> str:
        stat = index.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        if key != self._key:
            self._policy = app_policy(inline_script_hashes(index.read_text(encoding="utf-8")))
            self._key = key
        return self._policy


def install_static(app: FastAPI, root: Path | None = None) -> None:
    resolved_root = (root or STATIC_DIR).resolve()
    index_policy = _IndexPolicy()

    @app.get(OUTPUT_FRAME_PATH, include_in_schema=False)
    async def output_frame() -> Response:
        return HTMLResponse(OUTPUT_FRAME, headers=OUTPUT_FRAME_HEADERS)

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/"):
            raise no_route(request)  # a 405 where the path takes other methods
        candidate = (resolved_root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(resolved_root):
            cache = "public, max-age=31536000, immutable" if path.startswith("assets/") else None
            headers = {"Cache-Control": cache} if cache else None
            return FileResponse(candidate, headers=headers)
        index = resolved_root / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503)
        headers = {
            "Cache-Control": "no-cache",
            "Content-Security-Policy": index_policy.for_file(index),
        }
        return FileResponse(index, headers=headers)
