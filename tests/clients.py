"""An HTTP client that behaves like the browser front end: cookies plus the XSRF header."""

from __future__ import annotations

import json
from typing import Any

import httpx

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


class ApiClient(httpx.AsyncClient):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(event_hooks={"request": [self._add_xsrf]}, **kwargs)
        self.send_xsrf = True

    async def _add_xsrf(self, request: httpx.Request) -> None:
        token = self.cookies.get("_xsrf")
        if self.send_xsrf and token and request.method in MUTATING:
            request.headers.setdefault("X-XSRFToken", token)

    async def signup(self, username: str, password: str) -> dict[str, Any]:
        response = await self.post(
            "/api/auth/signup", json={"username": username, "password": password}
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def login(self, username: str, password: str) -> httpx.Response:
        return await self.post("/api/auth/login", json={"username": username, "password": password})

    async def items(self, parent: str | None = None) -> list[dict[str, Any]]:
        params = {"parent": parent} if parent else {}
        response = await self.get("/api/drive/items", params=params)
        assert response.status_code == 200, response.text
        return list(response.json())

    async def create(
        self, kind: str, name: str | None = None, parent: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"kind": kind, "parent": parent}
        if name is not None:
            body["name"] = name
        response = await self.post("/api/drive/items", json=body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def upload(
        self,
        name: str,
        content: bytes,
        parent: str | None = None,
        content_type: str = "application/octet-stream",
    ) -> httpx.Response:
        data = {"parent": parent} if parent else {}
        return await self.post(
            "/api/drive/upload", files={"file": (name, content, content_type)}, data=data
        )


def code_cell(cell_id: str, source: str, **extra: Any) -> dict[str, Any]:
    """An nbformat 4.5 code cell that has not run."""
    return {
        "cell_type": "code",
        "id": cell_id,
        "source": source,
        "metadata": {},
        "outputs": [],
        "execution_count": None,
        **extra,
    }


def notebook_bytes(cells: list[dict[str, Any]] | None = None, **metadata: Any) -> bytes:
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": metadata,
        "cells": cells
        if cells is not None
        else [
            {
                "cell_type": "code",
                "id": "c1",
                "source": "print(6*7)",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
            }
        ],
    }
    return json.dumps(nb).encode()


def error_of(response: httpx.Response) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"], body
    return dict(body["error"])
