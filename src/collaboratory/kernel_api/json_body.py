"""Routes that read a request body as JSON whatever its Content-Type, as Jupyter Server does.

Jupyter's own clients (``@jupyterlab/services``, used by JupyterLab and VS Code) send their
JSON bodies from ``fetch`` with a string, which the browser and Node label ``text/plain``;
Jupyter Server reads every body as JSON. FastAPI reads only ``application/json`` as JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

_JSON = b"application/json"


class JsonBodyRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_as_json(request: Request) -> Response:
            return await handle(_labelled_json(request))

        return handle_as_json


def _labelled_json(request: Request) -> Request:
    content_type = request.headers.get("content-type", "").encode().lower()
    if content_type.startswith(_JSON) or content_type.endswith(b"+json"):
        return request
    scope = dict(request.scope)
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-type"]
    scope["headers"] = [*headers, (b"content-type", _JSON)]
    return Request(scope, request.receive)
