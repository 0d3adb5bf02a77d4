"""Applies the iopub messages of one cell's run to the document, as JupyterLab's output area does.

Stream text is kept raw (``\\r`` and ``\\b`` included): front ends render carriage returns, and
the document stays exactly what the kernel sent. Messages are buffered and written in one
transaction per flush (every ``flush_seconds``, and when the run ends), so a flood of small
``stream`` messages becomes a few CRDT updates. The document holds at most ``cap`` characters
of a cell's output; past that, one marker output says how much is hidden and where to download
it, and the text goes to an ``OutputSpill`` file instead, so memory stays bounded by the cap.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from jupyter_ydoc import YNotebook
from pycrdt import Array, Map, Text

from collaboratory.execution.cell_state import ORIGIN, record_seq
from collaboratory.execution.cells import find_cell
from collaboratory.execution.displays import DisplayRegistry
from collaboratory.execution.output_text import as_text, clipped_error, join, size_of
from collaboratory.execution.spill import OutputSpill, SpillStore

DEFAULT_CAP = 1024 * 1024
FLUSH_SECONDS = 0.05
DOWNLOAD_URL = "/api/notebooks/{notebook_id}/outputs/{cell_id}"
MARKER_KEY = "collaboratory_truncated"


@dataclass
class _Text:
    name: str
    chunks: list[str] = field(default_factory=list)


@dataclass
class _Output:
    output: dict[str, Any]
    display_id: str | None = None


@dataclass
class _Update:
    display_id: str
    data: dict[str, Any]
    metadata: dict[str, Any]


@dataclass
class _Count:
    value: int | None


class _Clear:
    pass


class _Marker:
    pass


_Op = _Text | _Output | _Update | _Count | _Clear | _Marker


class OutputWriter:
    def __init__(
        self,
        ynotebook: YNotebook,
        notebook_id: str,
        cell_id: str,
        *,
        displays: DisplayRegistry,
        spills: SpillStore | None = None,
        cap: int = DEFAULT_CAP,
        flush_seconds: float = FLUSH_SECONDS,
        download_url: str = DOWNLOAD_URL,
    ) -> None:
        self.ynotebook, self.notebook_id, self.cell_id = ynotebook, notebook_id, cell_id
        self.displays, self.spills, self.cap = displays, spills, cap
        self.flush_seconds = flush_seconds
        self.download_url = download_url.format(notebook_id=notebook_id, cell_id=cell_id)
        self.hidden = 0  # characters of output kept out of the document
        self.flushes = 0
        self._ops: list[_Op] = []
        self._chars = 0  # characters of output in the document or on their way there
        self._clear_next = False
        self._truncated = False
        self._marker_at: int | None = None
        self._spill: OutputSpill | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._last_flush = 0.0
        self._marker_shown = 0
        self.seq = 0  # the number of the kernel message being handled, when journaled
        self._handled_seq = 0
        self.flushed_seq = 0  # every message up to this one is in the document

    def start(self) -> None:
        """A new run: no outputs, no execution count, no old spill."""
        self.displays.forget_cell(self.cell_id)
        if self.spills is not None:
            self.spills.discard(self.notebook_id, self.cell_id)
        with self.ynotebook.ydoc.transaction(origin=ORIGIN):
            ycell = find_cell(self.ynotebook, self.cell_id)
            if ycell is not None:
                ycell["outputs"] = Array()
                ycell["execution_count"] = None

    def handle(self, msg_type: str, content: dict[str, Any]) -> None:
        if msg_type == "stream":
            self._stream(content.get("name", "stdout"), join(content.get("text", "")))
        elif msg_type in ("display_data", "execute_result"):
            self._rich(msg_type, content)
        elif msg_type == "error":
            self._add(clipped_error(content, self.cap))
        elif msg_type == "clear_output":
            if content.get("wait"):
                self._clear_next = True
            else:
                self._clear()
        elif msg_type == "update_display_data":
            display_id = (content.get("transient") or {}).get("display_id")
            if display_id:
                data, metadata = content.get("data", {}), content.get("metadata", {})
                self._ops.append(_Update(display_id, data, metadata))
        elif msg_type in ("execute_input", "execute_reply") and "execution_count" in content:
            self._ops.append(_Count(content["execution_count"]))
        else:
            return
        self._handled_seq = max(self._handled_seq, self.seq)
        self._schedule()

    def _stream(self, name: str, text: str) -> None:
        self._take_clear()
        spilled = self._spill is not None
        if self._spill is not None:
            self._spill.write(text)
        room = 0 if self._truncated else self.cap - self._chars
        head = text[: max(room, 0)]
        if head:
            last = self._ops[-1] if self._ops else None
            if not (isinstance(last, _Text) and last.name == name):
                last = _Text(name)
                self._ops.append(last)
            last.chunks.append(head)
            self._chars += len(head)
        if len(head) < len(text):
            self._overflow(len(text) - len(head), "" if spilled else text[len(head) :])

    def _rich(self, msg_type: str, content: dict[str, Any]) -> None:
        data = content.get("data", {})
        output = {"output_type": msg_type, "data": data, "metadata": content.get("metadata", {})}
        if msg_type == "execute_result":
            output["execution_count"] = content.get("execution_count")
        self._take_clear()
        size = size_of(data)
        if self._truncated or self._chars + size > self.cap:
            self._overflow(size, as_text(output))
            return
        display_id = (content.get("transient") or {}).get("display_id")
        self._add(output, display_id, size)

    def _add(self, output: dict[str, Any], display_id: str | None = None, size: int = 0) -> None:
        self._take_clear()
        if self._spill is not None:
            self._spill.write(as_text(output))
        self._ops.append(_Output(output, display_id))
        self._chars += size

    def _overflow(self, size: int, text: str) -> None:
        if not self._truncated:
            self._truncated = True
            self._ops.append(_Marker())
            if self._spill is None and self.spills is not None:
                self.flush()  # the document's copy is the head of the spill
                self._spill = self.spills.open(self.notebook_id, self.cell_id)
                self._spill.write(self._document_text())
            if self._spill is not None:
                self._spill.write(text)
        elif self._spill is not None and text:
            self._spill.write(text)
        self.hidden += size

    def _take_clear(self) -> None:
        if self._clear_next:
            self._clear_next = False
            self._clear()

    def _clear(self) -> None:
        self._ops = [op for op in self._ops if isinstance(op, _Update | _Count)]
        self._ops.append(_Clear())
        self._chars, self.hidden, self._truncated = 0, 0, False

    def _document_text(self) -> str:
        ycell = find_cell(self.ynotebook, self.cell_id)
        outputs = [] if ycell is None else ycell["outputs"].to_py() or []
        return "".join(as_text(o) for o in outputs if MARKER_KEY not in o.get("metadata", {}))

    def _schedule(self) -> None:
        loop = asyncio.get_running_loop()
        if loop.time() - self._last_flush >= self.flush_seconds:
            self.flush()  # a reader that never yields must still show progress
        elif self._timer is None:
            self._timer = loop.call_later(self.flush_seconds, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._last_flush = asyncio.get_running_loop().time()
        if not self._ops and self._marker_shown == self.hidden:
            return
        ops, self._ops = self._ops, []
        with self.ynotebook.ydoc.transaction(origin=ORIGIN):
            ycell = find_cell(self.ynotebook, self.cell_id)
            if ycell is None:
                return  # deleted while it ran
            outputs = ycell.get("outputs")
            if not isinstance(outputs, Array):
                outputs = ycell["outputs"] = Array()
            for op in ops:
                self._apply(ycell, outputs, op)
            at = self._marker_at
            if at is not None and self._marker_shown != self.hidden and at < len(outputs):
                outputs[at]["data"] = self._marker_data()
            if self._handled_seq > self.flushed_seq:
                record_seq(ycell, self._handled_seq)
        self.flushed_seq = max(self.flushed_seq, self._handled_seq)
        self._marker_shown = self.hidden
        self.flushes += 1

    def _apply(self, ycell: Map[Any], outputs: Array[Any], op: _Op) -> None:
        if isinstance(op, _Text):
            self._append_stream(outputs, op.name, "".join(op.chunks))
        elif isinstance(op, _Output):
            if op.display_id:
                self.displays.add(op.display_id, self.cell_id, len(outputs))
            output = dict(op.output)
            outputs.append(Map(output))
        elif isinstance(op, _Update):
            self.displays.update(self.ynotebook, op.display_id, op.data, op.metadata)
        elif isinstance(op, _Count):
            ycell["execution_count"] = op.value
        elif isinstance(op, _Clear):
            outputs.clear()
            self.displays.forget_cell(self.cell_id)
            self._marker_at = None
        else:
            self._marker_at = len(outputs)
            marker = {"data": self._marker_data(), "metadata": {MARKER_KEY: self.download_url}}
            outputs.append(Map({"output_type": "display_data", **marker}))

    def _append_stream(self, outputs: Array[Any], name: str, text: str) -> None:
        last = outputs[len(outputs) - 1] if len(outputs) else None
        if (
            isinstance(last, Map)
            and last.get("output_type") == "stream"
            and last.get("name") == name
            and self._marker_at != len(outputs) - 1
        ):
            existing = last.get("text")
            if isinstance(existing, Text):
                existing += text
            else:
                last["text"] = Text(join(existing or "") + text)
        else:
            outputs.append(Map({"output_type": "stream", "name": name, "text": Text(text)}))

    def _marker_data(self) -> dict[str, str]:
        where = self.download_url
        note = f"… output truncated: {self.hidden} more characters not shown"
        return {"text/plain": f"{note}; download the full output at {where}"}

    def close(self) -> None:
        self.flush()
        if self._spill is not None:
            self._spill.close()
            self._spill = None
