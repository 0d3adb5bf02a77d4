"""Kernel messages on the websocket: the v1 binary framing and the legacy JSON framing.

Both directions work on *parts*: the packed ``header``, ``parent_header``, ``metadata`` and
``content`` exactly as they travel on ZMQ, followed by the binary buffers. v1 frames carry parts
verbatim, so neither direction parses JSON. The legacy framing needs JSON: messages from clients
are parsed and repacked; messages for clients are spliced together from the raw parts, parsing
only the small header for the top-level ``msg_id`` and ``msg_type`` Jupyter Server adds.
"""

from __future__ import annotations

import itertools
import json
import struct
from collections.abc import Sequence
from typing import Any

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
MESSAGE_PARTS = 4  # header, parent_header, metadata, content


class FramingError(ValueError):
    """A websocket frame that is not a kernel message."""


def encode_v1(channel: bytes, parts: Sequence[bytes]) -> bytes:
    """``uint64 n``, ``n`` uint64 offsets (LE), channel, parts; the last offset is the end."""
    count = len(parts) + 2
    offset = 8 * (count + 1)
    offsets = [offset, offset := offset + len(channel)]
    for part in parts:
        offset += len(part)
        offsets.append(offset)
    return b"".join((struct.pack(f"<{count + 1}Q", count, *offsets), channel, *parts))


def decode_v1(frame: bytes) -> tuple[str, list[bytes]]:
    size = len(frame)
    if size < 8:
        raise FramingError("The frame is too short for a v1 kernel message.")
    (count,) = struct.unpack_from("<Q", frame)
    if count < MESSAGE_PARTS + 2 or 8 * (count + 1) > size:
        raise FramingError("The frame's offset table is not a v1 kernel message.")
    offsets = struct.unpack_from(f"<{count}Q", frame, 8)
    if offsets[0] < 8 * (count + 1) or offsets[-1] > size:
        raise FramingError("The frame's offsets point outside the frame.")
    if any(a > b for a, b in itertools.pairwise(offsets)):
        raise FramingError("The frame's offsets are not in order.")
    channel = frame[offsets[0] : offsets[1]].decode("ascii", errors="replace")
    parts = [frame[offsets[i] : offsets[i + 1]] for i in range(1, count - 1)]
    return channel, parts


def pack(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode()


def decode_legacy(frame: str | bytes) -> tuple[str, list[bytes]]:
    """A JSON text frame, or a binary frame: uint32 BE count and offsets, JSON, buffers."""
    buffers: list[bytes] = []
    if isinstance(frame, bytes):
        frame, buffers = _split_legacy_binary(frame)
    try:
        msg = json.loads(frame)
    except ValueError as exc:
        raise FramingError("The frame is not JSON.") from exc
    if not isinstance(msg, dict) or not isinstance(msg.get("header"), dict):
        raise FramingError("The message has no header.")
    channel = msg.get("channel") or "shell"
    parts = [
        pack(msg["header"]),
        pack(msg.get("parent_header") or {}),
        pack(msg.get("metadata") or {}),
        pack(msg.get("content") or {}),
    ]
    return str(channel), parts + buffers


def _split_legacy_binary(frame: bytes) -> tuple[bytes, list[bytes]]:
    if len(frame) < 8:
        raise FramingError("The frame is too short for a binary kernel message.")
    (count,) = struct.unpack_from("!I", frame)
    if count < 1 or 4 * (count + 1) > len(frame):
        raise FramingError("The frame's offset table is not a binary kernel message.")
    starts = struct.unpack_from(f"!{count}I", frame, 4)
    ends = (*starts[1:], len(frame))
    if starts[0] < 4 * (count + 1) or any(a > b for a, b in zip(starts, ends, strict=True)):
        raise FramingError("The frame's offsets point outside the frame.")
    chunks = [frame[a:b] for a, b in zip(starts, ends, strict=True)]
    return chunks[0], chunks[1:]


def encode_legacy(channel: bytes, parts: Sequence[bytes]) -> str | bytes:
    header, parent, metadata, content = parts[:MESSAGE_PARTS]
    fields = json.loads(header)
    top = {"channel": channel.decode(), "msg_id": fields.get("msg_id")}
    head = pack(top | {"msg_type": fields.get("msg_type")})
    body = b"".join(
        (
            head[:-1],
            b', "header": ',
            header,
            b', "parent_header": ',
            parent,
            b', "metadata": ',
            metadata,
            b', "content": ',
            content,
        )
    )
    buffers = parts[MESSAGE_PARTS:]
    if not buffers:
        return (body + b', "buffers": []}').decode()
    chunks = (body + b"}", *buffers)
    offsets = [4 * (len(chunks) + 1)]
    for chunk in chunks[:-1]:
        offsets.append(offsets[-1] + len(chunk))
    return b"".join((struct.pack(f"!{len(chunks) + 1}I", len(chunks), *offsets), *chunks))
