"""The one seam for talking to a kernel: a client's channels, whatever carries them.

A :class:`~collaboratory.runtimes.backend.RunningKernel` opens :class:`KernelChannels` for each
client that wants to talk to its kernel (``await kernel.open_channels()``): the notebook
execution service opens one per runtime, the Jupyter-compatible kernel websocket one per
connected browser or Jupyter client. Local kernels are reached over ZMQ
(:mod:`collaboratory.runtimes.zmq_channels`), gateway kernels over the gateway's kernel
websocket (:mod:`collaboratory.runtimes.gateway`); a new transport implements this ABC alone.

Messages travel as *parts*: ``[header, parent_header, metadata, content, *buffers]``, the first
four packed JSON (UTF-8 bytes) exactly as on the Jupyter ZMQ wire after the signature, the rest
binary buffers. Parts, not dicts, so that a relay (the kernel websocket) passes messages through
without parsing them; :func:`pack_message` and :func:`unpack_message` convert for those who
want dicts.

What an implementation must do:

* :meth:`KernelChannels.send` takes the parts of a message a client wrote and delivers it on
  ``shell``, ``control`` or ``stdin`` (anything else raises :class:`ValueError`), signing it if
  the transport signs. Shell and stdin must look like one client to the kernel (ZMQ: one
  identity), because a kernel sends ``input_request`` to whoever sent the ``execute_request``.
* :meth:`KernelChannels.receive` returns the next ``(channel, parts)`` from ``iopub``,
  ``shell``, ``stdin`` or ``control``, in the order the kernel's messages arrived per channel.
  It raises :class:`ChannelsClosed` once the channels are closed or the transport is gone (a
  gateway that went down, a kernel deleted under us), never hangs on a dead transport; a
  message that is not a kernel message is dropped, not returned.
* ``open_channels()`` returns once the kernel's iopub reaches this client (ZMQ: after a
  ``kernel_info_request`` nudge, like Jupyter Server's), so that nothing published for the
  client's first request is lost; or raises :class:`ChannelsUnavailable` with a sentence for a
  person (the kernel is gone, the gateway refused).
* :meth:`KernelChannels.close` is idempotent and releases everything; a pending ``receive``
  then raises :class:`ChannelsClosed`.

Restarts: the kernel keeps its identity across ``RunningKernel.restart()``. A client whose
transport follows a restart (ZMQ on unchanged endpoints) goes on; one whose transport cannot
sees ``receive`` raise :class:`ChannelsClosed` and opens new channels.
:meth:`ChannelSource.channels_key` changes exactly when old channels cannot follow any more.
"""

from __future__ import annotations

import json
import uuid
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

CLIENT_CHANNELS = ("shell", "control", "stdin")
KERNEL_CHANNELS = ("iopub", "shell", "stdin", "control")
MESSAGE_PARTS = 4  # header, parent_header, metadata, content
PROTOCOL_VERSION = "5.3"


class ChannelsUnavailable(ConnectionError):
    """Channels could not be opened; ``str(exc)`` is a sentence for a person."""


class ChannelsClosed(ConnectionError):
    """The channels were closed, or their transport went away."""


class KernelChannels(ABC):
    """One client's channels to one kernel (see the module docstring for the contract)."""

    @abstractmethod
    async def send(self, channel: str, parts: Sequence[bytes]) -> None: ...

    @abstractmethod
    async def receive(self) -> tuple[str, list[bytes]]: ...

    @abstractmethod
    async def close(self) -> None: ...

    async def send_message(self, channel: str, msg: Mapping[str, Any]) -> None:
        await self.send(channel, pack_message(msg))


class ChannelSource(Protocol):
    """What hands out channels: a ``RunningKernel``, or a bare ZMQ connection (tests)."""

    def channels_key(self) -> str:
        """Equal for two sources whose channels are interchangeable (the same kernel, reached
        the same way): a client holding channels of one may keep them for the other."""
        ...

    async def open_channels(self) -> KernelChannels: ...

    def journal_dir(self) -> Path | None:
        """Where the kernel journals its iopub on this host (``collaboratory_kernel.journal``);
        None when it does not."""
        ...


def pack(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, default=str).encode()


def pack_message(msg: Mapping[str, Any]) -> list[bytes]:
    parts = [pack(msg.get(key) or {}) for key in ("header", "parent_header", "metadata")]
    parts.append(pack(msg.get("content") or {}))
    return parts + [bytes(b) for b in msg.get("buffers") or ()]


def unpack_message(parts: Sequence[bytes]) -> dict[str, Any]:
    """A message dict as jupyter_client gives it (``msg_id`` and ``msg_type`` on top; dates
    stay ISO strings); raises ValueError for parts that are not a message."""
    if len(parts) < MESSAGE_PARTS:
        raise ValueError("A kernel message has four JSON parts.")
    header, parent, metadata, content = (json.loads(p) for p in parts[:MESSAGE_PARTS])
    if not isinstance(header, dict):
        raise ValueError("A kernel message's header is a JSON object.")
    return {
        "header": header,
        "msg_id": header.get("msg_id", ""),
        "msg_type": header.get("msg_type", ""),
        "parent_header": parent if isinstance(parent, dict) else {},
        "metadata": metadata if isinstance(metadata, dict) else {},
        "content": content if isinstance(content, dict) else {},
        "buffers": list(parts[MESSAGE_PARTS:]),
    }


def new_message(
    msg_type: str,
    content: Mapping[str, Any],
    session: str,
    *,
    msg_id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    buffers: Sequence[bytes] = (),
    username: str = "collaboratory",
) -> dict[str, Any]:
    """A fresh request from a client whose session id is ``session``."""
    header = {
        "msg_id": msg_id or uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": username,
        "session": session,
        "date": datetime.now(UTC).isoformat(),
        "version": PROTOCOL_VERSION,
    }
    return {
        "header": header,
        "msg_id": header["msg_id"],
        "msg_type": msg_type,
        "parent_header": {},
        "metadata": dict(metadata or {}),
        "content": dict(content),
        "buffers": list(buffers),
    }
