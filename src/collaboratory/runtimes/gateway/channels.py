"""Kernel channels over a gateway's kernel websocket (``/api/kernels/{id}/channels``).

Jupyter Enterprise Gateway 3.x runs jupyter_server 1.x, which speaks only the legacy JSON
framing: each message one JSON object with its ``channel``, binary buffers in a binary frame.
The gateway nudges iopub before it accepts the websocket, so open channels receive at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from collaboratory.kernel_api import framing
from collaboratory.runtimes.channels import (
    CLIENT_CHANNELS,
    KERNEL_CHANNELS,
    ChannelsClosed,
    ChannelsUnavailable,
    KernelChannels,
)

log = logging.getLogger(__name__)
MAX_MESSAGE_BYTES = 1 << 30  # a kernel's output may be large (images, data frames)
# A gateway that stops answering pings is taken as gone after about this long.
PING_SECONDS = 10.0


class GatewayChannels(KernelChannels):
    def __init__(self, ws: ClientConnection) -> None:
        self._ws = ws

    async def send(self, channel: str, parts: Sequence[bytes]) -> None:
        if channel not in CLIENT_CHANNELS:
            raise ValueError(f"No channel {channel!r} to send on.")
        try:
            await self._ws.send(framing.encode_legacy(channel.encode(), parts))
        except ConnectionClosed as exc:
            raise ChannelsClosed(_closed(exc)) from exc

    async def receive(self) -> tuple[str, list[bytes]]:
        while True:
            try:
                frame = await self._ws.recv()
            except ConnectionClosed as exc:
                raise ChannelsClosed(_closed(exc)) from exc
            try:
                channel, parts = framing.decode_legacy(frame)
            except framing.FramingError as exc:
                log.warning("Dropped a frame from the gateway: %s", exc)
                continue
            if channel in KERNEL_CHANNELS:
                return channel, parts

    async def close(self) -> None:
        await self._ws.close()


def _closed(exc: ConnectionClosed) -> str:
    if exc.rcvd is None:
        return "the runtime gateway's connection was cut"
    reason = f": {exc.rcvd.reason}" if exc.rcvd.reason else ""
    return f"the runtime gateway closed the connection ({exc.rcvd.code}{reason})"


async def open_gateway_channels(
    url: str, headers: dict[str, str], seconds: float
) -> GatewayChannels:
    """Raises ChannelsUnavailable with a sentence when the gateway refuses or cannot be reached."""
    try:
        async with asyncio.timeout(seconds):
            ws = await connect(
                url,
                additional_headers=headers,
                max_size=MAX_MESSAGE_BYTES,
                ping_interval=PING_SECONDS,
                ping_timeout=PING_SECONDS,
                open_timeout=None,
            )
    except TimeoutError as exc:
        raise ChannelsUnavailable(
            "The runtime gateway did not open the kernel's channels in time."
        ) from exc
    except InvalidStatus as exc:
        status = exc.response.status_code
        if status == 404:
            raise ChannelsUnavailable("The runtime's kernel is gone from the gateway.") from exc
        raise ChannelsUnavailable(
            f"The runtime gateway refused the kernel's channels ({status})."
        ) from exc
    except (OSError, WebSocketException) as exc:
        raise ChannelsUnavailable(f"The runtime gateway cannot be reached: {exc}.") from exc
    return GatewayChannels(ws)
