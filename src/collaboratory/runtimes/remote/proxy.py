"""A connected machine's kernel as the server's ZMQ clients see it: loopback endpoints.

The server's kernel clients speak ZMQ to a ``connection_info``; this proxy binds those sockets on
the loopback address with a fresh key and relays between them and the machine's link. Until the
kernel-channel seam lets a backend hand out channels itself, this is the least code that lets
execution and the Jupyter API drive a kernel that lives at the other end of a websocket.

What the machine sends is checked here: a reply on shell, control or stdin reaches only the
client whose request it answers (by ``parent_header.msg_id``) and is dropped otherwise; iopub
goes to this kernel's subscribers, that is this runtime's sessions, and nowhere else.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import zmq
import zmq.asyncio
from jupyter_client.session import Session

log = logging.getLogger(__name__)
REQUEST_CHANNELS = ("shell", "control", "stdin")
REMEMBERED_REQUESTS = 10_000  # requests whose replies may still come
Forward = Callable[[str, dict[str, Any]], None]


class KernelProxy:
    def __init__(self, forward: Forward) -> None:
        self._forward = forward
        self._key = secrets.token_hex(32)
        self.session = Session(key=self._key.encode(), signature_scheme="hmac-sha256")
        self._context = zmq.asyncio.Context()
        self._sockets: dict[str, zmq.asyncio.Socket] = {}
        self.ports: dict[str, int] = {}
        for channel, kind in (*((c, zmq.ROUTER) for c in REQUEST_CHANNELS), ("iopub", zmq.PUB)):
            self._bind(channel, kind)
        self._bind("hb", zmq.REP)
        # msg_id of a request -> the ZMQ identities of the client that sent it
        self._senders: OrderedDict[str, list[bytes]] = OrderedDict()
        self._tasks = [asyncio.create_task(self._read(c)) for c in REQUEST_CHANNELS]
        self._tasks.append(asyncio.create_task(self._echo()))

    def _bind(self, channel: str, kind: int) -> None:
        socket = self._context.socket(kind)
        socket.linger = 0
        self.ports[channel] = socket.bind_to_random_port("tcp://127.0.0.1")
        self._sockets[channel] = socket

    def connection_info(self) -> dict[str, Any]:
        return {
            "transport": "tcp",
            "ip": "127.0.0.1",
            **{f"{channel}_port": port for channel, port in self.ports.items()},
            "key": self._key,
            "signature_scheme": "hmac-sha256",
        }

    async def _read(self, channel: str) -> None:
        socket = self._sockets[channel]
        while True:
            parts = await socket.recv_multipart()
            try:
                idents, rest = self.session.feed_identities(parts)
                msg = self.session.deserialize(rest)
            except (ValueError, TypeError, KeyError):
                log.warning("dropped an unsigned or malformed %s message", channel)
                continue
            self._senders[msg["header"]["msg_id"]] = list(idents)
            while len(self._senders) > REMEMBERED_REQUESTS:
                self._senders.popitem(last=False)
            self._forward(channel, msg)

    async def _echo(self) -> None:
        socket = self._sockets["hb"]
        while True:
            await socket.send_multipart(await socket.recv_multipart())

    def deliver(self, channel: str, msg: dict[str, Any]) -> bool:
        """A message from the machine's kernel; False when it was refused."""
        if channel == "iopub":
            self.session.send(self._sockets["iopub"], msg)
            return True
        if channel not in REQUEST_CHANNELS:
            return False
        parent = msg["parent_header"].get("msg_id")
        idents = self._senders.get(parent) if isinstance(parent, str) else None
        if idents is None:
            log.warning("dropped a %s message answering no request of this runtime", channel)
            return False
        self.session.send(self._sockets[channel], msg, ident=idents)
        return True

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._context.destroy(linger=0)
