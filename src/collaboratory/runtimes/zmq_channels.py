"""Kernel channels over ZMQ, for kernels on this host (see :mod:`collaboratory.runtimes.channels`).

The sockets are driven by the event loop directly: ``zmq.asyncio`` creates a future and
re-registers a socket's file descriptor for every message; here each descriptor is registered
once and every waiting message is drained per wake-up. A ZMQ descriptor is edge-triggered: it
says "look at ``EVENTS``", and any operation on the socket can swallow that signal, so
``EVENTS`` is checked after each operation, before sleeping.

The wire format is ``[idents..., <IDS|MSG>, signature, header, parent, metadata, content,
buffers...]``, signed with HMAC over the four JSON parts.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import zmq

from collaboratory.runtimes.channels import (
    CLIENT_CHANNELS,
    ChannelsClosed,
    KernelChannels,
    new_message,
    pack_message,
)

log = logging.getLogger(__name__)

DELIMITER = b"<IDS|MSG>"
# Only when the kernel stops reading and both queues (1000 messages each) are full.
BACKPRESSURE_PAUSE = 0.01
# Awaiting a message that is already there does not yield to the event loop; a kernel that
# outputs faster than the client reads must not starve every other connection.
YIELD_EVERY = 64
NUDGE_INTERVAL = 0.5
NUDGE_TIMEOUT = 30.0


class Signer:
    def __init__(self, key: bytes, scheme: str = "hmac-sha256") -> None:
        algorithm, _, digest = scheme.partition("-")
        if algorithm != "hmac" or not digest:
            raise ValueError(f"Unsupported signature scheme {scheme!r}.")
        # Copying a keyed HMAC is cheaper than keying a new one for every message.
        self._keyed = hmac.new(key, digestmod=getattr(hashlib, digest)) if key else None

    def wire(self, parts: Sequence[bytes]) -> list[bytes]:
        """The ZMQ frames for a message whose parts come from a client."""
        if self._keyed is None:
            return [DELIMITER, b"", *parts]
        mac = self._keyed.copy()
        for part in parts[:4]:
            mac.update(part)
        return [DELIMITER, mac.hexdigest().encode(), *parts]


def message_parts(frames: list[bytes]) -> list[bytes] | None:
    """The parts after the delimiter and signature, or ``None`` for a malformed message.

    The signature of a message from a kernel is not checked: the key is known to the kernel
    process, which runs the user's code, so a valid signature proves nothing the socket does
    not already prove, and skipping the HMAC keeps the kernel-to-client path free of hashing.
    """
    try:
        index = frames.index(DELIMITER)
    except ValueError:
        return None
    parts = frames[index + 2 :]
    return parts if len(parts) >= 4 else None


def endpoints(info: Mapping[str, Any]) -> dict[str, str]:
    transport, ip = info.get("transport", "tcp"), info.get("ip", "127.0.0.1")
    separator = ":" if transport == "tcp" else "-"
    return {
        channel: f"{transport}://{ip}{separator}{info[channel + '_port']}"
        for channel in ("shell", "control", "stdin", "iopub")
    }


def connection_key(info: Mapping[str, Any]) -> str:
    """Identifies a kernel's endpoints: channels stay usable while this stays the same."""
    return f"{info.get('transport')}://{info.get('ip')}:{info.get('shell_port')}/{info.get('key')}"


def _socket(socket_type: int, endpoint: str, identity: bytes | None = None) -> zmq.Socket[bytes]:
    socket: zmq.Socket[bytes] = zmq.Context.instance().socket(socket_type)
    socket.setsockopt(zmq.LINGER, 0)
    # ZMQ drops messages once 1000 wait for a slow reader; a flood of flushed prints would
    # lose lines. Unlimited queueing costs memory only while the reader lags.
    socket.setsockopt(zmq.RCVHWM, 0)
    if identity is not None:
        socket.setsockopt(zmq.IDENTITY, identity)
    if socket_type == zmq.SUB:
        socket.setsockopt(zmq.SUBSCRIBE, b"")
    socket.connect(endpoint)
    return socket


class ZmqChannels(KernelChannels):
    def __init__(self, info: Mapping[str, Any]) -> None:
        key = info.get("key", b"")
        key = key.encode() if isinstance(key, str) else key
        self._signer = Signer(key, info.get("signature_scheme", "hmac-sha256"))
        self._endpoints = endpoints(info)
        # Shell and stdin share one identity: the kernel routes input_request to the sender
        # of the execute_request. A fresh identity per client never collides on reconnect.
        identity = uuid.uuid4().hex.encode()
        self._sockets = {
            name: _socket(zmq.DEALER, self._endpoints[name], identity) for name in CLIENT_CHANNELS
        }
        self._sockets["iopub"] = _socket(zmq.SUB, self._endpoints["iopub"])
        # iopub first: a busy kernel's outputs before the replies they precede
        self._order = [(name, self._sockets[name]) for name in ("iopub", *CLIENT_CHANNELS)]
        self._held: list[tuple[str, list[bytes]]] = []  # taken while nudging, not yet received
        self._readable = asyncio.Event()
        self._closed = False
        self._in_a_row = 0
        self._next = 0
        self._loop = asyncio.get_running_loop()
        self._fds = [socket.fileno() for socket in self._sockets.values()]
        for fd, socket in zip(self._fds, self._sockets.values(), strict=True):
            self._loop.add_reader(fd, self._check, socket)

    def _check(self, socket: zmq.Socket[bytes]) -> None:
        # reading EVENTS also clears the descriptor's signal; left set, the loop would spin
        if cast(int, socket.getsockopt(zmq.EVENTS)) & zmq.POLLIN:
            self._readable.set()

    async def send(self, channel: str, parts: Sequence[bytes]) -> None:
        socket = self._sockets.get(channel) if channel != "iopub" else None
        if socket is None:
            raise ValueError(f"No channel {channel!r} to send on.")
        if self._closed:
            raise ChannelsClosed("The channels are closed.")
        frames = self._signer.wire(parts)
        while True:
            try:
                socket.send_multipart(frames, zmq.NOBLOCK)
                break
            except zmq.Again:
                await asyncio.sleep(BACKPRESSURE_PAUSE)
        self._check(socket)  # the send may have swallowed the wake-up for a waiting message

    async def receive(self) -> tuple[str, list[bytes]]:
        if self._held:
            return self._held.pop(0)
        self._in_a_row += 1
        if self._in_a_row >= YIELD_EVERY:
            self._in_a_row = 0
            await asyncio.sleep(0)
        while True:
            if self._closed:
                raise ChannelsClosed("The channels are closed.")
            found = self._take()
            if found is not None:
                return found
            self._in_a_row = 0
            self._readable.clear()
            if self._pending_any():
                continue
            await self._readable.wait()

    def _pending_any(self) -> bool:
        return any(
            cast(int, socket.getsockopt(zmq.EVENTS)) & zmq.POLLIN
            for socket in self._sockets.values()
        )

    def _take(self) -> tuple[str, list[bytes]] | None:
        """One message from the first socket with one waiting, taking turns between them."""
        order, count = self._order, len(self._order)
        try:
            for i in range(count):
                name, socket = order[(self._next + i) % count]
                if not cast(int, socket.getsockopt(zmq.EVENTS)) & zmq.POLLIN:
                    continue
                # iopub keeps its turn: a stream of outputs drains before the next reply
                self._next = (
                    (self._next + i) % count if name == "iopub" else (self._next + i + 1) % count
                )
                parts = message_parts(socket.recv_multipart(zmq.NOBLOCK))
                if parts is None:
                    log.warning("Dropped a malformed %s message from a kernel", name)
                    return self._take()
                return name, parts
        except zmq.ZMQError as exc:
            if self._closed:
                raise ChannelsClosed("The channels are closed.") from exc
            raise
        return None

    async def nudge(self, seconds: float = NUDGE_TIMEOUT) -> bool:
        """Wait until iopub delivers; False when nothing came within ``seconds``.

        A SUB socket receives nothing until its subscription reaches the kernel; like Jupyter
        Server, send kernel_info_request (on a throwaway control socket, so the replies reach
        no client) until any iopub message arrives. That message is kept for :meth:`receive`.
        """
        iopub = self._sockets["iopub"]
        probe = _socket(zmq.DEALER, self._endpoints["control"])
        session = uuid.uuid4().hex
        deadline = self._loop.time() + seconds
        try:
            while self._loop.time() < deadline:
                probe.send_multipart(
                    self._signer.wire(
                        pack_message(new_message("kernel_info_request", {}, session))
                    ),
                    zmq.NOBLOCK,
                )
                waited = self._loop.time() + NUDGE_INTERVAL
                while self._loop.time() < waited:
                    if cast(int, iopub.getsockopt(zmq.EVENTS)) & zmq.POLLIN:
                        parts = message_parts(iopub.recv_multipart(zmq.NOBLOCK))
                        if parts is not None:
                            self._held.append(("iopub", parts))
                        return True
                    self._readable.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._readable.wait(), waited - self._loop.time())
            return False
        finally:
            probe.close(linger=0)
            self._readable.set()  # other sockets may have signalled while we looked at iopub

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for fd in self._fds:
            self._loop.remove_reader(fd)
        for socket in self._sockets.values():
            socket.close(linger=0)
        self._readable.set()


async def open_zmq_channels(info: Mapping[str, Any]) -> ZmqChannels:
    """Channels to the kernel at ``info`` (jupyter_client connection info), iopub connected.

    The kernel must be ready (its sockets bound): a socket connected earlier retries only every
    100-200 ms, and a kernel drops an ``input_request`` for a stdin peer it has not yet met.
    """
    channels = ZmqChannels(info)
    try:
        if not await channels.nudge():
            log.warning("A kernel at %s sent nothing on iopub; connecting anyway", info.get("ip"))
    except BaseException:
        await channels.close()
        raise
    return channels


class ZmqSource:
    """A :class:`~collaboratory.runtimes.channels.ChannelSource` from bare connection info
    (with ``journal``: the kernel's runtime directory, when it journals)."""

    def __init__(self, info: Mapping[str, Any]) -> None:
        self.info = dict(info)

    def channels_key(self) -> str:
        return connection_key(self.info)

    async def open_channels(self) -> KernelChannels:
        return await open_zmq_channels(self.info)

    def journal_dir(self) -> Path | None:
        journal = self.info.get("journal")
        return Path(str(journal)) if journal else None
