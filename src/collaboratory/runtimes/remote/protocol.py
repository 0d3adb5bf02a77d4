"""The machine link: one websocket from ``collaboratory connect`` to ``WS /api/machines/connect``.

The laptop dials out (no open port on it, NAT is fine) with ``Authorization: Bearer <personal
API token>`` and the query ``?name=<machine name>&instance=<random id of this process>``. A bad or
missing token is refused before the upgrade with HTTP 401 and ``{"error": {"code", "message"}}``.

Every frame is one JSON text message with a ``type``:

laptop → server
  ``hello``    ``{received, kernels: [kernel_id, ...], python, platform}``: first frame of a link
  ``msg``      ``{kernel_id, channel: iopub|shell|control|stdin, msg}``: a Jupyter message the
               laptop's kernel sent (``msg`` has ``header, parent_header, metadata, content`` and
               ``buffers`` as base64 strings)
  ``reply``    ``{id, ok, error?, packages?}``: the outcome of an ``op``; ``packages`` (a list of
               ``{name, version}``) answers the op ``packages``
  ``died``     ``{kernel_id}``: the kernel process ended
  ``ack``      ``{ack}``

server → laptop
  ``welcome``  ``{machine_id, epoch, received}``: answers ``hello``
  ``msg``      ``{kernel_id, channel: shell|control|stdin, msg}``: for the laptop's kernel
  ``op``       ``{id, op: start|interrupt|restart|shutdown|packages, kernel_id}``: ``packages``
               asks what the machine's Python environment has installed (no kernel needed)
  ``ack``      ``{ack}``

Delivery survives a lost link. Each side numbers its frames (``seq``, from 1; ``ack`` frames are
not numbered), keeps them until the peer acknowledges them with ``{"type": "ack", "ack": n}``
(all frames up to ``n`` arrived), and after a reconnect resends every frame numbered above the
peer's ``received`` (sent in ``hello`` and ``welcome``). A receiver drops a frame numbered at or
below the last one it took, so a resent frame counts once. So what a kernel prints while the link
is down waits on the laptop and arrives, in order and once, when the link is back.

``epoch`` names the server's record of the machine: a server that restarted (new epoch) knows
none of the laptop's kernels, so the laptop forgets what it buffered for the old one and shuts
down the kernels the server no longer drives.

This module imports the standard library only: the laptop imports it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime
from typing import Any

PROTOCOL_VERSION = 1
CONNECT_PATH = "/api/machines/connect"
MACHINE_TYPE_PREFIX = "machine-"
KERNEL_CHANNELS = frozenset({"shell", "control", "stdin"})  # server → laptop
LAPTOP_CHANNELS = frozenset({"iopub", "shell", "control", "stdin"})  # laptop → server
OPS = frozenset({"start", "interrupt", "restart", "shutdown", "packages"})
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$")
# Frames kept for a peer that is away; past this the oldest go (and the loss is logged).
MAX_UNACKED = 100_000


def machine_slug(name: str) -> str:
    """The stable part of a machine's runtime type id: ``My Laptop`` → ``my-laptop``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "machine"


def machine_type_id(name: str) -> str:
    return f"{MACHINE_TYPE_PREFIX}{machine_slug(name)}"


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def encode(frame: dict[str, Any]) -> str:
    return json.dumps(frame, default=_json_default, separators=(",", ":"))


def decode(text: str | bytes) -> dict[str, Any]:
    """One frame; ValueError when it is not a JSON object with a string ``type``."""
    frame = json.loads(text)
    if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
        raise ValueError("a frame is a JSON object with a string 'type'")
    return frame


def wire_message(msg: dict[str, Any]) -> dict[str, Any]:
    """A Jupyter message as a frame carries it: its four dicts, buffers in base64."""
    return {
        "header": msg.get("header", {}),
        "parent_header": msg.get("parent_header", {}),
        "metadata": msg.get("metadata", {}),
        "content": msg.get("content", {}),
        "buffers": [_json_default(b) for b in msg.get("buffers") or []],
    }


def jupyter_message(wire: Any) -> dict[str, Any]:
    """The message a frame carries, buffers as bytes; ValueError for anything malformed."""
    if not isinstance(wire, dict):
        raise ValueError("msg is not an object")
    parts: dict[str, dict[str, Any]] = {}
    for key in ("header", "parent_header", "metadata", "content"):
        value = wire.get(key)
        if not isinstance(value, dict):
            raise ValueError("a message has header, parent_header, metadata and content objects")
        parts[key] = value
    header = parts["header"]
    if not isinstance(header.get("msg_id"), str) or not isinstance(header.get("msg_type"), str):
        raise ValueError("a message header has a msg_id and a msg_type")
    buffers = wire.get("buffers") or []
    if not isinstance(buffers, list) or not all(isinstance(b, str) for b in buffers):
        raise ValueError("buffers are base64 strings")
    return {
        **parts,
        "msg_id": header["msg_id"],
        "msg_type": header["msg_type"],
        "buffers": [base64.b64decode(b) for b in buffers],
    }


class Outbox:
    """Numbered frames kept until acknowledged, sent again after a reconnect."""

    def __init__(self, limit: int = MAX_UNACKED) -> None:
        self._frames: deque[dict[str, Any]] = deque()
        self._next = 1
        self._sent = 0  # the last seq written to the current link
        self.limit = limit
        self.dropped = 0

    def push(self, frame: dict[str, Any]) -> None:
        frame["seq"] = self._next
        self._next += 1
        self._frames.append(frame)
        while len(self._frames) > self.limit:
            self._frames.popleft()
            self.dropped += 1

    def ack(self, seq: int) -> None:
        while self._frames and self._frames[0]["seq"] <= seq:
            self._frames.popleft()

    def rewind(self, received: int) -> None:
        """A new link whose peer has everything up to ``received``."""
        self.ack(received)
        self._sent = received

    def unsent(self) -> list[dict[str, Any]]:
        frames = [f for f in self._frames if f["seq"] > self._sent]
        if frames:
            self._sent = frames[-1]["seq"]
        return frames

    def clear(self) -> None:
        self._frames.clear()
        self._next, self._sent = 1, 0

    def pending(self) -> int:
        return len(self._frames)


class Inbox:
    """The last frame taken: what a reconnect reports as ``received``, and what to drop."""

    def __init__(self) -> None:
        self.received = 0
        self.acked = 0  # the last ``received`` told to the peer

    def take(self, frame: dict[str, Any]) -> bool:
        seq = frame.get("seq")
        if not isinstance(seq, int) or seq <= self.received:
            return False
        self.received = seq
        return True

    def ack_frame(self) -> dict[str, Any] | None:
        if self.received == self.acked:
            return None
        self.acked = self.received
        return {"type": "ack", "ack": self.received}

    def reset(self, received: int = 0) -> None:
        self.received = self.acked = received


def ids(values: Iterable[Any]) -> list[str]:
    return [v for v in values if isinstance(v, str)]


class Frames:
    """One end's side of the link: frames numbered and resent until acknowledged, each frame
    from the other end taken once, and acknowledgements sent back by the writer."""

    def __init__(self) -> None:
        self.outbox, self.inbox = Outbox(), Inbox()
        self.wake = asyncio.Event()

    def push(self, frame: dict[str, Any]) -> None:
        self.outbox.push(frame)
        self.wake.set()

    def accept(self, frame: dict[str, Any]) -> bool:
        """True for a new frame to act on; an ``ack`` is applied here and a repeat dropped."""
        self.wake.set()  # the writer acknowledges what came
        if frame["type"] == "ack":
            if isinstance(frame.get("ack"), int):
                self.outbox.ack(frame["ack"])
            return False
        return self.inbox.take(frame)

    async def write(self, send: Callable[[str], Awaitable[None]]) -> None:
        """Send acknowledgements and unsent frames whenever there are some, until cancelled."""
        while True:
            self.wake.clear()
            ack = self.inbox.ack_frame()
            if ack is not None:
                await send(encode(ack))
            for frame in self.outbox.unsent():
                await send(encode(frame))
            await self.wake.wait()
