"""What the kernel publishes on iopub, kept in a journal beside it until the server has it.

A server that crashes or restarts misses what the kernel printed meanwhile. Every output and
status message gets a sequence number (message metadata ``collaboratory_seq``) and is
appended, as one JSON line, to a segment file in ``journal/`` beside the connection file,
before it is sent. The server writes the number it has made durable into ``journal/ack``;
when a segment fills up, segments wholly at or below that number are deleted. Each segment
opens with a copy of the last execution status, so the kernel's true busy/idle state is known
even when the segments before it are gone. One append is one ``write`` call.

Line format (the server reads it in ``collaboratory.execution.journal``)::

    {"seq": 7, "msg_type": "stream", "parent": {"msg_id": "…", "msg_type": "execute_request"},
     "content": {…}}

a status copy carries ``"snapshot": true`` as well.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

SEQ_KEY = "collaboratory_seq"
DIRECTORY = "journal"
ACK_FILE = "ack"
SUFFIX = ".jsonl"
JOURNALED = frozenset(
    {
        "status",
        "stream",
        "display_data",
        "update_display_data",
        "execute_input",
        "execute_result",
        "error",
        "clear_output",
    }
)
SEGMENT_BYTES = 1024 * 1024
# Past this, the oldest segments go even unacknowledged: a server gone for good must not
# fill the disk.
MAX_BYTES = 128 * 1024 * 1024


class Journal:
    def __init__(self, directory: Path, segment_bytes: int = SEGMENT_BYTES) -> None:
        self.directory = directory
        self.segment_bytes = segment_bytes
        directory.mkdir(mode=0o755, exist_ok=True)
        self._lock = threading.Lock()
        self._status: bytes | None = None  # the last execution status line
        self._fd = -1
        self._size = 0
        self.seq = max(self._last_seq(), self.acknowledged())
        self._open_segment(self.seq + 1)

    def record(self, msg_type: str, parent: dict[str, Any], packed_content: bytes) -> int:
        """Append one message (its content already JSON); returns its sequence number."""
        head = {
            "msg_id": str(parent.get("msg_id", "")),
            "msg_type": str(parent.get("msg_type", "")),
        }
        with self._lock:
            self.seq += 1
            line = b'{"seq":%d,"msg_type":%s,"parent":%s,"content":%s}\n' % (
                self.seq,
                json.dumps(msg_type).encode(),
                json.dumps(head).encode(),
                packed_content,
            )
            if msg_type == "status" and head["msg_type"] == "execute_request":
                self._status = line
            if self._size + len(line) > self.segment_bytes and self._size > 0:
                self._rotate(self.seq)
            self._write(line)
            return self.seq

    def acknowledged(self) -> int:
        try:
            return int((self.directory / ACK_FILE).read_text() or 0)
        except (OSError, ValueError):
            return 0

    def segments(self) -> list[Path]:
        return sorted(self.directory.glob(f"*{SUFFIX}"))

    def _write(self, line: bytes) -> None:
        os.write(self._fd, line)
        self._size += len(line)

    def _open_segment(self, first_seq: int) -> None:
        path = self.directory / f"{first_seq:016d}{SUFFIX}"
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self._size = os.fstat(self._fd).st_size
        if self._status is not None:
            self._write(self._status[:-2] + b',"snapshot":true}\n')

    def _rotate(self, first_seq: int) -> None:
        os.close(self._fd)
        self._open_segment(first_seq)  # first: trimming keeps the newest segment
        self.trim()

    def trim(self) -> None:
        """Delete the closed segments the server has acknowledged, and any past MAX_BYTES."""
        acked = self.acknowledged()
        segments = self.segments()
        sizes = [p.stat().st_size for p in segments]
        total = sum(sizes)
        for i, path in enumerate(segments[:-1]):
            # a segment ends where the next begins: its last number is the next one's first - 1
            wholly_acked = int(segments[i + 1].stem) - 1 <= acked
            if wholly_acked or total > MAX_BYTES:
                path.unlink(missing_ok=True)
                total -= sizes[i]

    def _last_seq(self) -> int:
        """A restarted kernel numbers on from where the journal of its runtime ends."""
        segments = self.segments()
        if not segments:
            return 0
        last = int(segments[-1].stem) - 1
        with segments[-1].open("rb") as f:
            for line in f:
                try:
                    last = max(last, int(json.loads(line)["seq"]))
                except (ValueError, KeyError, TypeError):
                    continue
        return last


def open_journal(connection_file: str) -> Journal | None:
    """The journal beside the connection file; None where it cannot be written."""
    try:
        return Journal(Path(connection_file).resolve().parent / DIRECTORY)
    except OSError:
        return None
