"""One websocket connected to one kernel through the kernel-channel seam, and the pumps between.

Messages pass as parts (:mod:`collaboratory.runtimes.channels`): a v1 frame's parts go to the
kernel untouched (the channels sign them) and the kernel's parts become a v1 frame without
being parsed; only the legacy JSON framing costs JSON work.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Sequence

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from collaboratory.kernel_api import framing
from collaboratory.kernel_api.backend import KernelProvider
from collaboratory.runtimes.channels import (
    CLIENT_CHANNELS,
    ChannelsClosed,
    ChannelSource,
    KernelChannels,
)

log = logging.getLogger(__name__)

INTERNAL_ERROR = 1011
GOING_AWAY = 1001

Encoder = Callable[[bytes, Sequence[bytes]], str | bytes]


def execution_state(parts: Sequence[bytes]) -> str | None:
    """The state a ``status`` message reports; other messages cost one substring search."""
    if b'"status"' not in parts[0]:
        return None
    if json.loads(parts[0]).get("msg_type") != "status":
        return None
    state = json.loads(parts[3]).get("execution_state")
    return state if isinstance(state, str) else None


class KernelBridge:
    def __init__(
        self, websocket: WebSocket, provider: KernelProvider, kernel_id: str, protocol: str | None
    ) -> None:
        self.kernel_id = kernel_id
        self._ws = websocket
        self._provider = provider
        self._v1 = protocol == framing.V1_PROTOCOL
        self._encode: Encoder = framing.encode_v1 if self._v1 else framing.encode_legacy
        self._source: ChannelSource = provider.channel_source(kernel_id)
        self.connection_key = self._source.channels_key()
        self._channels: KernelChannels | None = None

    async def open(self) -> None:
        """Before the websocket is accepted, as Jupyter Server does: its iopub connected.

        Raises:
          ChannelsUnavailable: the kernel cannot be reached now.
        """
        self._channels = await self._source.open_channels()

    async def serve(self) -> None:
        """Forward both ways until the websocket closes; then release the channels."""
        self._provider.connection_opened(self.kernel_id)
        pump: asyncio.Task[None] | None = None
        try:
            if self._channels is None:
                await self.open()
            assert self._channels is not None
            pump = asyncio.create_task(self._pump(self._channels))
            await self._from_client(self._channels)
        finally:
            if pump is not None:
                pump.cancel()
                await asyncio.gather(pump, return_exceptions=True)
            if self._channels is not None:
                await self._channels.close()
            self._provider.connection_closed(self.kernel_id)

    async def close(self, code: int) -> None:
        if self._ws.application_state == WebSocketState.CONNECTED:
            with contextlib.suppress(RuntimeError, OSError):
                await self._ws.close(code)

    async def _from_client(self, channels: KernelChannels) -> None:
        receive, note, kernel_id = self._ws.receive, self._provider.note_activity, self.kernel_id
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            data = message.get("bytes")
            try:
                if data is None:
                    channel, parts = framing.decode_legacy(message.get("text") or "")
                elif self._v1:
                    channel, parts = framing.decode_v1(data)
                else:
                    channel, parts = framing.decode_legacy(data)
            except framing.FramingError as exc:
                log.warning("Dropped a websocket frame for kernel %s: %s", kernel_id, exc)
                continue
            if channel not in CLIENT_CHANNELS:
                log.warning("Dropped a message for channel %r of kernel %s", channel, kernel_id)
                continue
            note(kernel_id)
            try:
                await channels.send(channel, parts)
            except ChannelsClosed:
                return

    async def _pump(self, channels: KernelChannels) -> None:
        encode, note, kernel_id = self._encode, self._provider.note_activity, self.kernel_id
        send, receive = self._ws.send, channels.receive
        try:
            while True:
                channel, parts = await receive()
                try:
                    state = execution_state(parts) if channel == "iopub" else None
                    frame = encode(channel.encode(), parts)
                except (ValueError, AttributeError) as exc:
                    log.warning(
                        "Dropped a malformed %s message of kernel %s: %s", channel, kernel_id, exc
                    )
                    continue
                note(kernel_id, state)
                if isinstance(frame, bytes):
                    await send({"type": "websocket.send", "bytes": frame})
                else:
                    await send({"type": "websocket.send", "text": frame})
        except ChannelsClosed as exc:
            log.info("The channels of kernel %s closed: %s", kernel_id, exc)
            await self.close(GOING_AWAY)
        except (RuntimeError, OSError, WebSocketDisconnect) as exc:
            # The websocket is closing; the receive loop sees that and cleans up.
            log.debug("Stopped forwarding to a client of kernel %s: %s", kernel_id, exc)
        except Exception:
            log.exception("Forwarding from kernel %s failed", kernel_id)
            await self.close(INTERNAL_ERROR)  # rather than a connection that silently lost one
