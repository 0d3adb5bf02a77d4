"""A client's kernel channels to a kernel on a connected machine, carried by the machine's link.

Each client (the execution service, each Jupyter websocket) gets its own :class:`LinkChannels`;
the kernel's :class:`~collaboratory.runtimes.remote.kernel.MachineKernel` fans the machine's iopub
out to all of them and hands a reply on shell, control or stdin only to the client whose request
it answers. Channels follow a lost link (what the machine sends meanwhile waits on it) and a
kernel restart; they end when the kernel ends or the machine is replaced.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from collaboratory.runtimes.channels import (
    CLIENT_CHANNELS,
    ChannelsClosed,
    KernelChannels,
    unpack_message,
)

Forward = Callable[["LinkChannels", str, dict[str, Any]], None]
Detach = Callable[["LinkChannels"], None]


class LinkChannels(KernelChannels):
    def __init__(self, forward: Forward, detach: Detach) -> None:
        self._forward, self._detach = forward, detach
        self._arrived: asyncio.Queue[tuple[str, list[bytes]] | None] = asyncio.Queue()
        self.ended: str | None = None  # why, once the channels are closed

    async def send(self, channel: str, parts: Sequence[bytes]) -> None:
        if channel not in CLIENT_CHANNELS:
            raise ValueError(f"No channel {channel!r} to send on.")
        if self.ended is not None:
            raise ChannelsClosed(self.ended)
        self._forward(self, channel, unpack_message(parts))

    async def receive(self) -> tuple[str, list[bytes]]:
        if self.ended is not None and self._arrived.empty():
            raise ChannelsClosed(self.ended)
        arrived = await self._arrived.get()
        if arrived is None:
            raise ChannelsClosed(self.ended or "the channels were closed")
        return arrived

    def put(self, channel: str, parts: list[bytes]) -> None:
        if self.ended is None:
            self._arrived.put_nowait((channel, parts))

    def end(self, reason: str) -> None:
        if self.ended is None:
            self.ended = reason
            self._arrived.put_nowait(None)

    async def close(self) -> None:
        self._detach(self)
        self.end("the channels were closed")
