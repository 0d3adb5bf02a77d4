"""A small Jupyter kernel websocket client, written from the protocol documentation (not from
the server's code), that reads every message with jupyter_client's own Session."""

from __future__ import annotations

import asyncio
import itertools
import json
import struct
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from jupyter_client.jsonutil import json_default
from jupyter_client.session import Session
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

V1 = Subprotocol("v1.kernel.websocket.jupyter.org")
RECV_SECONDS = 20.0
Message = dict[str, Any]


def v1_frame(channel: str, parts: Sequence[bytes]) -> bytes:
    chunks = [channel.encode(), *parts]
    offsets = [8 * (len(chunks) + 2)]
    for chunk in chunks:
        offsets.append(offsets[-1] + len(chunk))
    table = struct.pack(f"<{len(offsets) + 1}Q", len(offsets), *offsets)
    return table + b"".join(chunks)


def v1_parts(frame: bytes) -> tuple[str, list[bytes]]:
    (count,) = struct.unpack_from("<Q", frame)
    offsets = struct.unpack_from(f"<{count}Q", frame, 8)
    chunks = [frame[a:b] for a, b in itertools.pairwise(offsets)]
    return chunks[0].decode(), chunks[1:]


def legacy_binary_frame(head: bytes, buffers: Sequence[bytes]) -> bytes:
    chunks = [head, *buffers]
    starts = [4 * (len(chunks) + 1)]
    for chunk in chunks[:-1]:
        starts.append(starts[-1] + len(chunk))
    return struct.pack(f"!{len(chunks) + 1}I", len(chunks), *starts) + b"".join(chunks)


def legacy_binary_parts(frame: bytes) -> tuple[bytes, list[bytes]]:
    (count,) = struct.unpack_from("!I", frame)
    starts = struct.unpack_from(f"!{count}I", frame, 4)
    chunks = [frame[a:b] for a, b in zip(starts, (*starts[1:], len(frame)), strict=True)]
    return chunks[0], chunks[1:]


class KernelSocket:
    def __init__(self, ws: ClientConnection, v1: bool) -> None:
        self.ws = ws
        self.v1 = v1
        self.session = Session(key=b"", username="tester")

    @classmethod
    @asynccontextmanager
    async def connect(
        cls, url: str, v1: bool = True, headers: dict[str, str] | None = None
    ) -> AsyncIterator[KernelSocket]:
        async with connect(
            url, subprotocols=[V1] if v1 else None, additional_headers=headers, max_size=None
        ) as ws:
            yield cls(ws, v1)

    async def send(
        self, channel: str, msg_type: str, content: dict[str, Any], buffers: Sequence[bytes] = ()
    ) -> str:
        msg = self.session.msg(msg_type, content)
        if self.v1:
            packed = [self.session.pack(msg[k]) for k in ("header", "parent_header", "metadata")]
            await self.ws.send(v1_frame(channel, [*packed, self.session.pack(content), *buffers]))
        else:
            text = json.dumps({**msg, "channel": channel}, default=json_default)
            await self.ws.send(legacy_binary_frame(text.encode(), buffers) if buffers else text)
        return str(msg["header"]["msg_id"])

    async def recv(self) -> dict[str, Any]:
        """The next message, as ``Session.deserialize`` reads it, plus its ``channel``."""
        frame = await asyncio.wait_for(self.ws.recv(), RECV_SECONDS)
        if self.v1:
            assert isinstance(frame, bytes)
            channel, parts = v1_parts(frame)
            msg = self.session.deserialize([b"", *parts])
            msg["channel"] = channel
            return dict(msg)
        if isinstance(frame, bytes):
            head, buffers = legacy_binary_parts(frame)
            msg = json.loads(head)
            msg["buffers"] = buffers
        else:
            msg = json.loads(frame)
        assert msg["msg_id"] == msg["header"]["msg_id"]
        assert msg["msg_type"] == msg["header"]["msg_type"]
        return dict(msg)

    async def execute(self, code: str, **options: Any) -> tuple[Message, list[Message]]:
        """The execute_reply and the iopub messages of one request, once the kernel is idle."""
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}}
        msg_id = await self.send("shell", "execute_request", {**content, **options})
        return await self.collect(msg_id)

    async def collect(self, msg_id: str) -> tuple[Message, list[Message]]:
        reply: dict[str, Any] | None = None
        outputs: list[dict[str, Any]] = []
        idle = False
        while reply is None or not idle:
            msg = await self.recv()
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["channel"] == "shell":
                reply = msg
            elif msg["channel"] == "iopub":
                outputs.append(msg)
                idle = msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
        return reply, outputs


def stdout(outputs: list[dict[str, Any]]) -> str:
    return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
