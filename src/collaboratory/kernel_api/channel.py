"""A ZMQ socket driven by the event loop directly.

``zmq.asyncio`` creates a future and re-registers the socket's file descriptor for every
message; this registers the descriptor once and drains every waiting message per wake-up. The
descriptor is edge-triggered: it says "look at ``EVENTS``", and any operation on the socket can
swallow that signal, so ``EVENTS`` is checked after each operation, before sleeping.
"""

from __future__ import annotations

import asyncio
from typing import cast

import zmq

# Only when the kernel stops reading and both queues (1000 messages each) are full.
BACKPRESSURE_PAUSE = 0.01
# Awaiting a message that is already there does not yield to the event loop; a kernel that
# outputs faster than the client reads must not starve every other connection.
YIELD_EVERY = 64


class Channel:
    def __init__(self, socket: zmq.Socket[bytes]) -> None:
        self.socket = socket
        self._readable = asyncio.Event()
        self._in_a_row = 0
        self._loop = asyncio.get_running_loop()
        self._fd = socket.fileno()
        self._loop.add_reader(self._fd, self._check)

    def _pending(self) -> bool:
        return bool(cast(int, self.socket.getsockopt(zmq.EVENTS)) & zmq.POLLIN)

    def _check(self) -> None:
        if self._pending():
            self._readable.set()

    async def recv(self) -> list[bytes]:
        self._in_a_row += 1
        if self._in_a_row >= YIELD_EVERY:
            self._in_a_row = 0
            await asyncio.sleep(0)
        while not self._pending():
            self._in_a_row = 0
            self._readable.clear()
            await self._readable.wait()
        return self.socket.recv_multipart(zmq.NOBLOCK)

    async def send(self, frames: list[bytes]) -> None:
        while True:
            try:
                self.socket.send_multipart(frames, zmq.NOBLOCK)
                break
            except zmq.Again:
                await asyncio.sleep(BACKPRESSURE_PAUSE)
        self._check()  # the send may have swallowed the wake-up for a waiting message

    def close(self) -> None:
        self._loop.remove_reader(self._fd)
        self.socket.close(linger=0)


def connect(socket_type: int, endpoint: str, identity: bytes | None = None) -> Channel:
    socket: zmq.Socket[bytes] = zmq.Context.instance().socket(socket_type)
    socket.setsockopt(zmq.LINGER, 0)
    if identity is not None:
        socket.setsockopt(zmq.IDENTITY, identity)
    if socket_type == zmq.SUB:
        socket.setsockopt(zmq.SUBSCRIBE, b"")
    socket.connect(endpoint)
    return Channel(socket)
