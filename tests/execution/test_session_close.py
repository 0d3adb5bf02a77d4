"""Closing a session at a hand-over: what the channels still deliver until they end is routed."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import zmq
from jupyter_client.manager import AsyncKernelManager

from collaboratory.execution import KernelSession
from collaboratory.runtimes.channels import ChannelsClosed, KernelChannels, unpack_message
from collaboratory.runtimes.zmq_channels import ZmqChannels, connection_key, message_parts

LINES = 400


class ClosingChannels(ZmqChannels):
    """Channels whose close takes a moment, as a websocket's close handshake does: what the
    kernel had sent before it is still received, then the channels end."""

    def __init__(self, info: Mapping[str, Any]) -> None:
        super().__init__(info)
        self.in_flight: list[tuple[str, list[bytes]]] = []
        self.closing = False
        self.delivered_after_close = 0
        self.streams = 0  # stream messages handed to the session

    async def close(self) -> None:
        if self.closing:
            return
        self.closing = True
        await asyncio.sleep(0.2)  # the handshake; the kernel keeps printing meanwhile
        for name, socket in self._order:
            while socket.getsockopt(zmq.EVENTS) & zmq.POLLIN:  # type: ignore[operator]
                parts = message_parts(socket.recv_multipart(zmq.NOBLOCK))
                if parts is not None:
                    self.in_flight.append((name, parts))
        await super().close()

    async def receive(self) -> tuple[str, list[bytes]]:
        try:
            found = await super().receive()  # also while the handshake is under way
        except ChannelsClosed:
            if not self.in_flight:
                raise
            found = self.in_flight.pop(0)
        self.delivered_after_close += self.closing
        self.streams += unpack_message(found[1])["msg_type"] == "stream"
        return found


class Source:
    def __init__(self, info: Mapping[str, Any]) -> None:
        self.info = info
        self.channels: ClosingChannels | None = None

    def channels_key(self) -> str:
        return connection_key(self.info)

    async def open_channels(self) -> KernelChannels:
        self.channels = ClosingChannels(self.info)
        await self.channels.nudge()
        return self.channels

    def journal_dir(self) -> Path | None:
        return None


async def test_a_draining_close_routes_what_comes_until_the_channels_end(
    kernel: AsyncKernelManager,
) -> None:
    source = Source(kernel.get_connection_info())
    session = KernelSession(source)
    await session.start()
    printed: list[str] = []

    def on_iopub(kind: str, content: dict[str, Any]) -> None:
        if kind == "stream":
            printed.append(content["text"])

    code = f"import time\nfor i in range({LINES}):\n print(i, flush=True)\n time.sleep(.002)"
    run = asyncio.create_task(session.execute(code, on_iopub))
    async with asyncio.timeout(30):
        while len(printed) < 50:
            await asyncio.sleep(0.01)
    await session.close(drain_seconds=5)
    channels = source.channels
    assert channels is not None
    assert channels.delivered_after_close > 0  # closed mid-stream, with output in flight
    assert len(printed) == channels.streams  # every stream message the channels gave
    lines = "".join(printed).split()
    assert lines == [str(i) for i in range(len(lines))]  # nothing skipped, in order
    with contextlib.suppress(ConnectionError):
        await run  # the run ends with the session, unfinished
