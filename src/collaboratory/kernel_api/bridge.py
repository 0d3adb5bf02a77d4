"""One websocket connected to one kernel: four ZMQ sockets and the pumps between them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import zmq
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from collaboratory.kernel_api import framing
from collaboratory.kernel_api.backend import KernelProvider
from collaboratory.kernel_api.channel import Channel, connect
from collaboratory.kernel_api.wire import Signer, message_parts

log = logging.getLogger(__name__)

CLIENT_CHANNELS = ("shell", "control", "stdin")
NUDGE_INTERVAL = 0.5
NUDGE_TIMEOUT = 30.0
INTERNAL_ERROR = 1011

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
        info = provider.connection_info(kernel_id)
        self.connection_key = endpoints(info)
        key = info.get("key", b"")
        key = key.encode() if isinstance(key, str) else key
        self._signer = Signer(key, info.get("signature_scheme", "hmac-sha256"))
        # Shell and stdin share one identity: the kernel routes input_request to the sender
        # of the execute_request. A fresh identity per connection never collides on reconnect.
        self._identity = uuid.uuid4().hex.encode()
        self._channels: dict[str, Channel] = {}

    async def serve(self) -> None:
        """Forward both ways until the websocket closes; then release the sockets."""
        endpoint = self.connection_key
        self._provider.connection_opened(self.kernel_id)
        pumps: list[asyncio.Task[None]] = []
        try:
            for name in CLIENT_CHANNELS:
                self._channels[name] = connect(zmq.DEALER, endpoint[name], self._identity)
            self._channels["iopub"] = connect(zmq.SUB, endpoint["iopub"])
            pumps = [asyncio.create_task(self._pump(name)) for name in CLIENT_CHANNELS]
            await self._nudge()
            pumps.append(asyncio.create_task(self._pump("iopub")))
            await self._from_client()
        finally:
            for pump in pumps:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
            for channel in self._channels.values():
                channel.close()
            self._provider.connection_closed(self.kernel_id)

    async def close(self, code: int) -> None:
        if self._ws.application_state == WebSocketState.CONNECTED:
            with contextlib.suppress(RuntimeError, OSError):
                await self._ws.close(code)

    async def _from_client(self) -> None:
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
            target = self._channels.get(channel)
            if target is None or channel == "iopub":
                log.warning("Dropped a message for channel %r of kernel %s", channel, kernel_id)
                continue
            note(kernel_id)
            await target.send(self._signer.wire(parts))

    async def _pump(self, channel: str) -> None:
        source, name, encode = self._channels[channel], channel.encode(), self._encode
        note, kernel_id, send = self._provider.note_activity, self.kernel_id, self._ws.send
        iopub = channel == "iopub"
        try:
            while True:
                parts = message_parts(await source.recv())
                try:
                    if parts is None:
                        raise ValueError("no delimiter")
                    state = execution_state(parts) if iopub else None
                    frame = encode(name, parts)
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
        except (RuntimeError, OSError, WebSocketDisconnect, zmq.ZMQError) as exc:
            # The websocket is closing; the receive loop sees that and cleans up.
            log.debug("Stopped forwarding %s of kernel %s: %s", channel, kernel_id, exc)
        except Exception:
            log.exception("Forwarding %s of kernel %s failed", channel, kernel_id)
            await self.close(
                INTERNAL_ERROR
            )  # rather than a connection that silently lost a channel

    async def _nudge(self) -> None:
        """Wait until iopub delivers, so no output of the client's first request is lost.

        A SUB socket receives nothing until its subscription reaches the kernel; like Jupyter
        Server, send kernel_info_request (on a throwaway control socket, so the replies do not
        reach the client) until any iopub message arrives, and drop that first message.
        """
        iopub = self._channels["iopub"]
        probe = connect(zmq.DEALER, self.connection_key["control"])
        loop = asyncio.get_running_loop()
        deadline = loop.time() + NUDGE_TIMEOUT
        try:
            while loop.time() < deadline:
                await probe.send(self._signer.wire(_kernel_info_request()))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(iopub.recv(), NUDGE_INTERVAL)
                    return
            log.warning("Kernel %s sent nothing on iopub; connecting anyway", self.kernel_id)
        finally:
            probe.close()


def endpoints(info: dict[str, object]) -> dict[str, str]:
    transport, ip = info.get("transport", "tcp"), info.get("ip", "127.0.0.1")
    separator = ":" if transport == "tcp" else "-"
    return {
        channel: f"{transport}://{ip}{separator}{info[channel + '_port']}"
        for channel in ("shell", "control", "stdin", "iopub")
    }


def _kernel_info_request() -> list[bytes]:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": "kernel_info_request",
        "username": "collaboratory",
        "session": uuid.uuid4().hex,
        "date": datetime.now(UTC).isoformat(),
        "version": "5.3",
    }
    return [framing.pack(header), b"{}", b"{}", b"{}"]
