"""The server's side of a kernel's iopub journal (written by ``collaboratory_kernel.journal``).

A live message carries its sequence number in its metadata; a gap in the numbers is filled
from the journal, and after a server restart the journal replays what the kernel published
while no server listened. ``ack`` tells the kernel how far it may trim.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEQ_KEY = "collaboratory_seq"
DIRECTORY = "journal"
ACK_FILE = "ack"
SUFFIX = ".jsonl"
# Our execute requests carry the cell in their msg_id, so that a journal read by a restarted
# server still knows where each output goes: "collaboratory.<random>.<cell id>".
MSG_ID_PREFIX = "collaboratory."


def execute_msg_id(cell_id: str) -> str:
    return f"{MSG_ID_PREFIX}{os.urandom(8).hex()}.{cell_id}"


def cell_of(msg_id: str) -> str | None:
    """The cell an execute request of ours ran; None for anyone else's request."""
    if not msg_id.startswith(MSG_ID_PREFIX):
        return None
    parts = msg_id.split(".", 2)
    return parts[2] if len(parts) == 3 and parts[2] else None


def seq_of(msg: dict[str, Any]) -> int | None:
    seq = (msg.get("metadata") or {}).get(SEQ_KEY)
    return seq if isinstance(seq, int) else None


@dataclass(frozen=True)
class Entry:
    seq: int
    msg_type: str
    parent_id: str
    parent_type: str
    content: dict[str, Any]
    snapshot: bool = False

    def as_message(self) -> dict[str, Any]:
        """The shape of a live message, as the session routes it."""
        return {
            "msg_type": self.msg_type,
            "header": {"msg_type": self.msg_type},
            "parent_header": {"msg_id": self.parent_id, "msg_type": self.parent_type},
            "metadata": {SEQ_KEY: self.seq},
            "content": self.content,
        }


class JournalReader:
    def __init__(self, runtime_dir: Path) -> None:
        self.directory = runtime_dir / DIRECTORY

    def entries(self, after: int = 0) -> Iterator[Entry]:
        """Every entry numbered past ``after``, in order; status copies included."""
        segments = sorted(self.directory.glob(f"*{SUFFIX}"))
        for i, path in enumerate(segments):
            if i + 1 < len(segments) and int(segments[i + 1].stem) - 1 <= after:
                continue  # wholly before ``after``; its status copy lives on in the next one
            with contextlib.suppress(FileNotFoundError), path.open("rb") as f:
                for line in f:
                    entry = _parse(line)
                    if entry is not None and (entry.seq > after or entry.snapshot):
                        yield entry

    def between(self, first: int, last: int) -> list[Entry]:
        """The entries numbered ``first`` to ``last``, those still journaled."""
        return [e for e in self.entries(first - 1) if not e.snapshot and first <= e.seq <= last]

    def acknowledged(self) -> int:
        try:
            return int((self.directory / ACK_FILE).read_text() or 0)
        except (OSError, ValueError):
            return 0

    def ack(self, seq: int) -> None:
        """Everything up to ``seq`` is durable in the document: the kernel may trim it."""
        if seq <= 0:
            return
        tmp = self.directory / f".{ACK_FILE}.tmp"
        with contextlib.suppress(FileNotFoundError):  # no journal, or the runtime is gone
            tmp.write_text(str(seq))
            os.chmod(tmp, 0o644)  # the kernel, perhaps another user, reads it
            os.replace(tmp, self.directory / ACK_FILE)


def _parse(line: bytes) -> Entry | None:
    """None for a line the kernel was killed while writing."""
    try:
        data = json.loads(line)
        parent = data.get("parent") or {}
        return Entry(
            int(data["seq"]),
            str(data["msg_type"]),
            str(parent.get("msg_id", "")),
            str(parent.get("msg_type", "")),
            dict(data.get("content") or {}),
            bool(data.get("snapshot")),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
