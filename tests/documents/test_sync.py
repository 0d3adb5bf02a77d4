"""Two editors over the real websocket: convergence, presence, reconnection, bad input."""

from __future__ import annotations

import asyncio
import base64
import os
import socket
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from pycrdt import Map, Text
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from collaboratory.documents.service import DocumentService
from collaboratory.documents.sync import Connection
from tests.clients import ApiClient
from tests.documents.client import append_source, eventually, sync_client
from tests.documents.conftest import token_of, upload_notebook


def source(client_notebook: dict[str, object]) -> str:
    cells = client_notebook["cells"]
    assert isinstance(cells, list)
    return str(cells[0]["source"])


async def test_two_editors_converge(app: FastAPI, served: str, alice: ApiClient) -> None:
    nb_id = await upload_notebook(alice)
    token = await token_of(alice)
    async with sync_client(served, nb_id, token) as a, sync_client(served, nb_id, token) as b:
        assert source(a.notebook()) == source(b.notebook()) == "print(6*7)"
        text_a: Text = a.ynotebook.ycells[0]["source"]
        text_b: Text = b.ynotebook.ycells[0]["source"]
        text_a.insert(0, "# A\n")
        text_b += "\n# B"
        await a.flush()
        await b.flush()
        await a.ack()
        await b.ack()
        await eventually(lambda: a.notebook() == b.notebook())
        expected = a.notebook()
        assert source(expected) == "# A\nprint(6*7)\n# B"
        documents: DocumentService = app.state.services.documents
        room = documents.rooms.loaded(nb_id)
        assert room is not None and room.export() == expected
    served_nb = (await alice.get(f"/api/notebooks/{nb_id}")).json()
    assert len(served_nb["cells"]) == 1


async def test_awareness_reaches_the_other_and_leaves_with_it(
    served: str, alice: ApiClient
) -> None:
    nb_id = await upload_notebook(alice)
    token = await token_of(alice)
    async with sync_client(served, nb_id, token) as a:
        async with sync_client(served, nb_id, token) as b:
            await a.set_presence({"user": {"name": "alice"}, "cursor": 3})
            await eventually(
                lambda: list(b.others().values()) == [{"user": {"name": "alice"}, "cursor": 3}]
            )
            await b.set_presence({"user": {"name": "bob"}})  # the server names it, not b
            await eventually(lambda: list(a.others().values()) == [{"user": {"name": "alice"}}])
        await eventually(lambda: a.others() == {})
        async with sync_client(served, nb_id, token) as c:  # a newcomer sees who is there
            await eventually(
                lambda: list(c.others().values()) == [{"user": {"name": "alice"}, "cursor": 3}]
            )


async def test_reconnect_gets_the_full_state(served: str, alice: ApiClient) -> None:
    nb_id = await upload_notebook(alice)
    token = await token_of(alice)
    async with sync_client(served, nb_id, token) as a:
        a.ynotebook.append_cell({"cell_type": "markdown", "source": "# new", "metadata": {}})
        await a.ack()
    async with sync_client(served, nb_id, token) as again:
        cells = again.notebook()["cells"]
        assert [c["source"] for c in cells] == ["print(6*7)", "# new"]


async def test_other_users_and_strangers_are_refused(
    served: str, alice: ApiClient, bob: ApiClient
) -> None:
    nb_id = await upload_notebook(alice)
    url = served.replace("http", "ws") + f"/api/notebooks/{nb_id}/sync"
    bob_token = await token_of(bob)
    for headers in ({"Authorization": f"Bearer {bob_token}"}, {}):
        try:
            async with connect(url, additional_headers=headers) as ws:
                await ws.recv()
            raise AssertionError("the handshake was accepted")
        except InvalidStatus as exc:
            assert exc.response.status_code in (401, 404)
        except ConnectionClosed as exc:
            assert exc.rcvd is not None and exc.rcvd.code == 1008


async def test_malformed_messages_close_the_socket_not_the_room(
    served: str, alice: ApiClient
) -> None:
    nb_id = await upload_notebook(alice)
    token = await token_of(alice)
    url = served.replace("http", "ws") + f"/api/notebooks/{nb_id}/sync"
    bad: list[bytes | str] = [
        b"\x00",
        b"\x07\x00",
        b"\x00\x02\x05abc",
        b"\x00\x09\x00",
        b"\x01\x05\x01\x02",
    ]  # text frames are JSON requests, answered with error frames (tests/execution/test_control)
    async with sync_client(served, nb_id, token) as witness:
        for message in bad:
            async with connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
                await ws.send(message)
                try:
                    while True:
                        await ws.recv()
                except ConnectionClosed as exc:
                    assert exc.rcvd is not None, message
                    assert exc.rcvd.code in (1003, 1007), (message, exc.rcvd)
                    assert exc.rcvd.reason, message
        append_source(witness.ynotebook, "!")
        await witness.ack()  # the room still works
    response = await alice.get(f"/api/notebooks/{nb_id}")
    assert response.status_code == 200


async def test_server_side_writes_reach_clients_and_the_rendered_notebook(
    app: FastAPI, served: str, alice: ApiClient
) -> None:
    nb_id = await upload_notebook(alice)
    token = await token_of(alice)
    me = (await alice.get("/api/me")).json()
    documents: DocumentService = app.state.services.documents
    async with sync_client(served, nb_id, token) as a:
        room = await documents.open(me["id"], nb_id)
        async with room.hold() as ynotebook:  # as execution writes outputs
            ynotebook.ycells[0]["outputs"].append(
                Map({"output_type": "stream", "name": "stdout", "text": Text("42\n")})
            )
            ynotebook.ycells[0]["execution_count"] = 1
        await eventually(lambda: a.notebook()["cells"][0]["outputs"] != [])
        rendered = await documents.notebook(me["id"], nb_id)
        assert rendered == a.notebook()
        assert rendered["cells"][0]["outputs"] == [
            {"output_type": "stream", "name": "stdout", "text": "42\n"}
        ]
        assert rendered["cells"][0]["execution_count"] == 1
        assert '"42\\n"' in await documents.ipynb(me["id"], nb_id)


async def stalled_socket(base_url: str, path: str, token: str) -> asyncio.StreamWriter:
    """A websocket handshake by hand on a socket with a small receive buffer, which is then
    left unread: its kernel buffers fill and the server's sends back up."""
    host, port = urlsplit(base_url).netloc.split(":")
    sock = socket.create_connection((host, int(port)))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    reader, writer = await asyncio.open_connection(sock=sock, limit=16 * 1024)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Authorization: Bearer {token}\r\n\r\n".encode()
    )
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 101"), head
    return writer


async def test_a_client_that_stops_reading_is_dropped_not_buffered_without_end(
    app: FastAPI, served: str, alice: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Connection, "max_backlog_bytes", 256 * 1024)
    nb_id = await upload_notebook(alice)
    token = await token_of(alice)
    documents: DocumentService = app.state.services.documents
    stalled = await stalled_socket(served, f"/api/notebooks/{nb_id}/sync", token)
    try:
        async with sync_client(served, nb_id, token) as editor:
            room = documents.rooms.loaded(nb_id)
            assert room is not None and len(room.peers) == 2
            for _ in range(200):  # at most 13 MB, past what the stalled socket's buffers hold
                append_source(editor.ynotebook, "x" * 65536)
                await asyncio.wait_for(editor.ack(), timeout=30)
                if len(room.peers) == 1:
                    break
            assert len(room.peers) == 1  # the stalled client went; the editor is still served
            append_source(editor.ynotebook, "!")
            await asyncio.wait_for(editor.ack(), timeout=30)
            assert source(editor.notebook()).endswith("x!")
    finally:
        stalled.close()
