"""Error answers by status and code: an ASGI middleware reads the JSON error body's code."""

from __future__ import annotations

import json
from http import HTTPStatus

from prometheus_client import CollectorRegistry, Counter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 4096  # error bodies are small; a larger one is not ours and counted by status


class ErrorMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.errors = Counter(
            "collaboratory_errors",
            "HTTP answers with status 400 or above, by status and error code.",
            ["status", "code"],
            registry=registry,
        )

    def count(self, status: int, body: bytes) -> None:
        self.errors.labels(str(status), _code(status, body)).inc()


def _code(status: int, body: bytes) -> str:
    try:
        code = json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = None
    if isinstance(code, str) and code and len(code) <= 64:
        return code
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_")
    except ValueError:
        return "unknown"


class CountErrors:
    def __init__(self, app: ASGIApp, errors: ErrorMetrics) -> None:
        self.app, self.errors = app, errors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0
        body = b""

        async def sending(message: Message) -> None:
            nonlocal status, body
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif status >= 400 and message["type"] == "http.response.body":
                body = (body + message.get("body", b""))[: MAX_BODY + 1]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if status >= 400:
                self.errors.count(status, body if len(body) <= MAX_BODY else b"")
