"""Bad input is a clear 4xx, never a 500, and the keep-alive connection survives it."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import h11
import pytest
from fastapi import FastAPI

from collaboratory.drive.notebooks import MAX_DEPTH
from collaboratory.server.errors import CatchAll
from tests.clients import ApiClient, code_cell, error_of, notebook_bytes

BOUNDARY = "b0undary"
FORM = f"multipart/form-data; boundary={BOUNDARY}"
PART = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
    "Content-Type: text/plain\r\n\r\nhello"
).encode()


def nested(depth: int, open_: str = "[", close: str = "]") -> str:
    return open_ * depth + close * depth


def deep_notebook(value: str) -> bytes:
    """A notebook whose one output carries ``value`` (JSON text) as its data."""
    output = {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"application/json": "VALUE"},
    }
    cell = code_cell("c1", "x", outputs=[output], execution_count=1)
    return notebook_bytes([cell]).replace(b'"VALUE"', value.encode())


DEEP = {
    "5000 arrays": nested(5000),
    "5000 objects": nested(5000, '{"a":', "}").replace('{"a":}', '{"a":1}'),
    "just past the limit": nested(MAX_DEPTH),
}


@pytest.mark.parametrize("value", DEEP.values(), ids=DEEP.keys())
async def test_a_deeply_nested_notebook_is_refused(alice: ApiClient, value: str) -> None:
    before = await alice.items()
    response = await alice.upload("deep.ipynb", deep_notebook(value))
    assert response.status_code == 400, response.text
    error = error_of(response)
    assert error["code"] == "invalid_notebook" and "nested" in error["message"]
    assert await alice.items() == before


async def test_a_deeply_nested_notebook_is_refused_in_chunks(alice: ApiClient) -> None:
    content = deep_notebook(nested(5000))
    before = await alice.items()
    started = await alice.post(
        "/api/drive/uploads", json={"name": "deep.ipynb", "size": len(content)}
    )
    assert started.status_code == 201, started.text
    upload = started.json()["id"]
    response = await alice.put(
        f"/api/drive/uploads/{upload}", params={"offset": 0}, content=content
    )
    assert response.status_code == 400, response.text
    assert "nested" in error_of(response)["message"]
    assert await alice.items() == before


async def test_nesting_below_the_limit_is_a_notebook_like_any_other(alice: ApiClient) -> None:
    response = await alice.upload("fine.ipynb", deep_notebook(nested(MAX_DEPTH - 10)))
    assert response.status_code == 201, response.text
    notebook = (await alice.get(f"/api/notebooks/{response.json()['id']}")).json()
    data = notebook["cells"][0]["outputs"][0]["data"]["application/json"]
    assert json.dumps(data, separators=(",", ":")) == nested(MAX_DEPTH - 10)


MALFORMED = {
    "garbage": (FORM, b"this is not multipart at all"),
    "cut short": (FORM, PART),
    "no closing boundary": (FORM, PART + b"\r\n"),
    "bad header line": (FORM, f"--{BOUNDARY}\r\nno colon here\r\n\r\nx".encode()),
    "wrong boundary": (
        "multipart/form-data; boundary=other",
        PART + f"\r\n--{BOUNDARY}--".encode(),
    ),
    "empty boundary": ("multipart/form-data; boundary=", PART),
    "overlong boundary": (f"multipart/form-data; boundary={'x' * 71}", PART),
    "not multipart": ("application/json", b"{}"),
    "no body": (FORM, b""),
}


@pytest.mark.parametrize(("content_type", "body"), MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_malformed_multipart_body_is_400(
    alice: ApiClient, app: FastAPI, content_type: str, body: bytes
) -> None:
    before = await alice.items()
    response = await alice.post(
        "/api/drive/upload", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 400, response.text
    assert error_of(response)["code"] == "bad_upload"
    assert await alice.items() == before
    blobs = Path(app.state.services.drive.blobs.root)
    assert [p for p in blobs.rglob("*") if p.is_file()] == []  # no partial file left behind


async def test_a_well_formed_multipart_body_still_uploads(alice: ApiClient) -> None:
    body = PART + f"\r\n--{BOUNDARY}--\r\n".encode()
    response = await alice.post("/api/drive/upload", content=body, headers={"Content-Type": FORM})
    assert response.status_code == 201, response.text


# -- a kernel restart racing its delete: real kernels ---------------------------------------


async def _runtime(client: ApiClient) -> dict[str, Any]:
    notebook = await client.create("notebook")
    response = await client.post("/api/runtimes", json={"notebook_id": notebook["id"]})
    assert response.status_code == 201, response.text
    runtime: dict[str, Any] = response.json()
    assert runtime["state"] == "ready", runtime
    return runtime


@pytest.mark.parametrize("api", ["runtimes", "kernels"])
@pytest.mark.parametrize("first", ["restart", "delete"])
async def test_a_restart_racing_its_delete_is_never_a_500(
    alice: ApiClient, api: str, first: str
) -> None:
    runtime = await _runtime(alice)
    path = (
        f"/api/runtimes/{runtime['id']}"
        if api == "runtimes"
        else (f"/api/kernels/{runtime['kernel_id']}")
    )

    async def restart() -> int:
        if first == "delete":
            await asyncio.sleep(0.05)
        return (await alice.post(f"{path}/restart")).status_code

    async def delete() -> int:
        if first == "restart":
            await asyncio.sleep(0.05)
        return (await alice.delete(path)).status_code

    restarted, deleted = await asyncio.gather(restart(), delete())
    assert deleted == 204
    # Usually the first one wins; on a loaded machine either may, but never with a 500.
    assert restarted in (200, 404)
    assert (await alice.get("/api/runtimes")).json() == []
    assert (await alice.get(path)).status_code == 404
    again = await alice.post(f"{path}/restart")
    assert again.status_code == 404 and error_of(again)["code"] == "not_found"


# -- the same keep-alive connection after each error ---------------------------------------


class Connection:
    """One raw HTTP/1.1 connection, so that a test can see whether the server kept it."""

    def __init__(self, url: str, token: str) -> None:
        parts = urlsplit(url)
        self.host = parts.netloc
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
        self.h11 = h11.Connection(h11.CLIENT)
        self.token = token

    def request(
        self, method: str, path: str, body: bytes = b"", content_type: str | None = None
    ) -> tuple[int, bytes]:
        headers = [
            ("Host", self.host),
            ("Authorization", f"Bearer {self.token}"),
            ("Content-Length", str(len(body))),
        ]
        if content_type:
            headers.append(("Content-Type", content_type))
        if self.h11.our_state is h11.DONE:
            self.h11.start_next_cycle()
        out = self.h11.send(h11.Request(method=method, target=path, headers=headers))
        out += self.h11.send(h11.Data(data=body)) if body else b""
        self.sock.sendall(out + self.h11.send(h11.EndOfMessage()))
        status, content = 0, b""
        while True:
            event = self.h11.next_event()
            if event is h11.NEED_DATA:
                self.h11.receive_data(self.sock.recv(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.Data):
                content += event.data
            elif isinstance(event, h11.EndOfMessage):
                return status, content
            elif isinstance(event, h11.ConnectionClosed):
                raise AssertionError(f"the server closed the connection after {status}")

    def close(self) -> None:
        self.sock.close()


BAD_REQUESTS: list[tuple[str, str, bytes, str | None, int]] = [
    ("POST", "/api/drive/upload", b"garbage" * 50_000, FORM, 400),
    ("POST", "/api/drive/upload", PART, FORM, 400),
    ("POST", "/api/drive/upload", b"x", "multipart/form-data; boundary=", 400),
    ("POST", "/api/drive/items", b'{"kind": "folder", "name": ', "application/json", 422),
    ("POST", "/api/drive/items", json.dumps(nested(5000)).encode(), "application/json", 422),
    ("GET", "/api/drive/items/no-such-item", b"", None, 404),
    ("DELETE", "/api/status", b"", None, 405),
    ("GET", "/api/runtimes/nothing", b"", None, 404),
    ("POST", "/api/kernels/nothing/restart", b"", None, 404),
    ("GET", "/api/boom", b"", None, 500),
]


async def test_the_connection_serves_the_next_request_after_every_error(
    alice: ApiClient, app: FastAPI, served: str
) -> None:
    async def boom() -> None:
        raise RuntimeError("secret internals")

    app.router.add_api_route("/api/boom", boom)
    app.router.routes.insert(0, app.router.routes.pop())  # ahead of the front end's catch-all
    token = (await alice.post("/api/tokens", json={"name": "raw"})).json()["token"]
    deep = multipart(deep_notebook(nested(5000)))
    conn = Connection(served, token)
    try:
        for method, path, body, content_type, expected in [*BAD_REQUESTS, deep]:
            status, content = await asyncio.to_thread(
                conn.request, method, path, body, content_type
            )
            assert status == expected, (path, content)
            error = json.loads(content)["error"]
            assert error["message"] and "Traceback" not in error["message"]
            status, content = await asyncio.to_thread(conn.request, "GET", "/api/me")
            assert status == 200, content
    finally:
        conn.close()


def multipart(content: bytes) -> tuple[str, str, bytes, str, int]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="n.ipynb"\r\n\r\n'
    )
    body = head.encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()
    return ("POST", "/api/drive/upload", body, FORM, 400)


def test_the_catch_all_sits_inside_starlettes_last_resort(app: FastAPI) -> None:
    assert any(getattr(m, "cls", None) is CatchAll for m in app.user_middleware)
