"""Serves the built front end: files as they are, every other page path gets index.html."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from collaboratory.errors import NotFound

STATIC_DIR = Path(__file__).parent / "static"

NOT_BUILT = """<!doctype html><title>Collaboratory</title>
<p>The front end has not been built. Run <code>make run</code> in the checkout, or
<code>npm run build</code> in <code>frontend/</code>.</p>"""


def install_static(app: FastAPI, root: Path = STATIC_DIR) -> None:
    resolved_root = root.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/"):
            raise NotFound(f"There is no API route at /{path}.")
        candidate = (resolved_root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(resolved_root):
            cache = "public, max-age=31536000, immutable" if path.startswith("assets/") else None
            headers = {"Cache-Control": cache} if cache else None
            return FileResponse(candidate, headers=headers)
        index = resolved_root / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
