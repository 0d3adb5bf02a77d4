"""The update log, written in groups: one transaction for all the updates waiting.

A transaction per update cost a busy server dearly. On SQLite, which has one writer at a time,
the updates from a pool of connections met at the file's write lock, where SQLite's busy
handler sleeps up to 100 ms a try: with 100 editors (bench/load.py) the slowest edits waited a
second. On PostgreSQL each paid five round trips. Here updates wait in a list; one task writes
every update that is waiting in one transaction, then answers each caller with its sequence
number, after the commit (so *durable before shared* holds as before). On PostgreSQL the
documents' rows are locked in one order (replicas writing the same notebooks take turns, never
deadlock) and each notebook's last number is announced to the other replicas (fanout.py).
"""

from __future__ import annotations

import asyncio
from typing import NamedTuple

from sqlalchemy import func, insert, select

from collaboratory.db import Database
from collaboratory.documents.fanout import announce_stored
from collaboratory.documents.models import NotebookDocument, NotebookUpdate


class _Waiting(NamedTuple):
    notebook_id: str
    update: bytes
    stored: asyncio.Future[int]


class GroupCommit:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._waiting: list[_Waiting] = []
        self._writer: asyncio.Task[None] | None = None

    async def append(self, notebook_id: str, update: bytes) -> int:
        """Log one update; its sequence number once it is committed."""
        loop = asyncio.get_running_loop()
        waiting = _Waiting(notebook_id, update, loop.create_future())
        self._waiting.append(waiting)
        if self._writer is None or self._writer.done():
            self._writer = loop.create_task(self._write_while_waiting())
        return await waiting.stored

    async def _write_while_waiting(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            try:
                numbers = await self._write(group)
            except Exception as exc:  # each caller retries or reports as it would alone
                for waiting in group:
                    _answer(waiting.stored, exc)
                continue
            for waiting, seq in zip(group, numbers, strict=True):
                if seq is None:
                    missing = LookupError(f"notebook {waiting.notebook_id} has no document")
                    _answer(waiting.stored, missing)
                else:
                    _answer(waiting.stored, seq)

    async def _write(self, group: list[_Waiting]) -> list[int | None]:
        """Number the group's updates after each notebook's last, and insert them together."""
        ids = sorted({w.notebook_id for w in group})
        async with self.db.writing() as s:
            snapshots = await s.execute(
                select(NotebookDocument.notebook_id, NotebookDocument.snapshot_seq)
                .where(NotebookDocument.notebook_id.in_(ids))
                .order_by(NotebookDocument.notebook_id)
                .with_for_update()
            )
            last = {row[0]: row[1] for row in snapshots}
            logged = await s.execute(
                select(NotebookUpdate.notebook_id, func.max(NotebookUpdate.seq))
                .where(NotebookUpdate.notebook_id.in_(ids))
                .group_by(NotebookUpdate.notebook_id)
            )
            for notebook_id, seq in logged:
                last[notebook_id] = max(last[notebook_id], seq)
            numbers: list[int | None] = []
            for waiting in group:
                if waiting.notebook_id not in last:
                    numbers.append(None)
                    continue
                last[waiting.notebook_id] += 1
                numbers.append(last[waiting.notebook_id])
            values = [
                {"notebook_id": w.notebook_id, "seq": seq, "update": w.update}
                for w, seq in zip(group, numbers, strict=True)
                if seq is not None
            ]
            if values:
                await s.execute(insert(NotebookUpdate), values)
            if not self.db.is_sqlite:
                written = {w.notebook_id for w, n in zip(group, numbers, strict=True) if n}
                for notebook_id in sorted(written):
                    await announce_stored(s, notebook_id, last[notebook_id])
        return numbers


def _answer(stored: asyncio.Future[int], answer: int | BaseException) -> None:
    if stored.done():  # its caller gave up waiting (a closing room)
        return
    if isinstance(answer, BaseException):
        stored.set_exception(answer)
    else:
        stored.set_result(answer)
