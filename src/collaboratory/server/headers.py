"""Security headers on every HTTP response: a Content-Security-Policy, nosniff, a referrer policy.

The app's policy lets the page run scripts only from the server itself (and the inline scripts
of index.html by their hashes, see ``static.py``); nothing may frame it. Output frames (HTML and
JavaScript outputs, which run untrusted scripts) load ``/output-frame``, which carries its own
policy: a sandbox with an opaque origin, and no limit on what the output loads or runs. The API
docs page (Swagger UI) may load FastAPI's CDN. A route that sets a header itself keeps its own.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Mirrors HTML_OUTPUT_SANDBOX in frontend/src/notebook/outputs/HtmlOutput.tsx: scripts and
# popups, and popups stay sandboxed (no allow-popups-to-escape-sandbox, no allow-same-origin).
OUTPUT_FRAME_SANDBOX = "allow-scripts allow-popups"


# Connect to a local runtime: loopback only, any port, http and ws (not LAN or public hosts).
LOCAL_RUNTIME_SOURCES = " ".join(
    f"{scheme}://{host}:*"
    for scheme in ("http", "ws")
    for host in ("127.0.0.1", "localhost")  # CSP has no syntax for IPv6 literals
)


def app_policy(script_hashes: Iterable[str] = ()) -> str:
    """The policy of the app's pages and of every other response."""
    scripts = " ".join(["'self'", *(f"'{h}'" for h in script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # React, CodeMirror and KaTeX set inline styles; inline scripts stay forbidden.
            "style-src 'self' 'unsafe-inline'",
            # Markdown cells may show images from anywhere; images run nothing.
            "img-src * data: blob:",
            "media-src * data: blob:",
            "font-src 'self' data:",
            # The API, server-sent events and the sync websockets; and a local runtime (#12): the
            # person's own Jupyter server on this machine, which the page calls directly.
            f"connect-src 'self' {LOCAL_RUNTIME_SOURCES}",
            "frame-src 'self'",  # output frames, /output-frame
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_PATH = "/api/docs"  # and /api/docs/oauth2-redirect


def docs_policy(script_hashes: Iterable[str]) -> str:
    """The API docs page (Swagger UI): its script and styles come from FastAPI's CDN."""
    scripts = " ".join(["'self'", DOCS_CDN, *(f"'{h}'" for h in script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            f"style-src 'self' 'unsafe-inline' {DOCS_CDN}",
            "img-src * data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ]
    )


# Only the app may frame an output frame; what runs inside is the output's own business.
OUTPUT_FRAME_POLICY = f"sandbox {OUTPUT_FRAME_SANDBOX}; frame-ancestors 'self'"

DEFAULT_HEADERS = {
    "Content-Security-Policy": app_policy(),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

_INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)


def inline_script_hashes(html: str) -> list[str]:
    """CSP hash sources (``sha256-…``) for each inline <script> of an HTML document."""
    return [
        "sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        for body in _INLINE_SCRIPT.findall(html)
    ]


class SecurityHeaders:
    """ASGI middleware adding DEFAULT_HEADERS to HTTP responses that do not set them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == DOCS_PATH or scope["path"].startswith(DOCS_PATH + "/"):
            await self._docs(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in DEFAULT_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Holds the (small) docs page back until its inline scripts can be hashed."""
        messages: list[Message] = []

        async def hold(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, hold)
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        hashes = inline_script_hashes(body.decode("utf-8", "replace"))
        for message in messages:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", docs_policy(hashes))
                for name, value in DEFAULT_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)
