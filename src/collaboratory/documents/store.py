"""Durable notebook documents: a snapshot plus an append-only update log, on SQLite or PostgreSQL.

``append`` commits before it returns: that commit is the point after which an update may be
acknowledged. ``compact`` folds the log into a new snapshot in one transaction, so a crash
leaves either the old snapshot and its log or the new snapshot, never a mix.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from collaboratory.db import Database, utcnow
from collaboratory.documents.group_commit import GroupCommit
from collaboratory.documents.models import NotebookDocument, NotebookUpdate


class Loaded(NamedTuple):
    snapshot: bytes | None
    updates: list[bytes]
    seq: int  # the last sequence number stored, in the snapshot or the log


class DocumentStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._groups = GroupCommit(db)

    async def load(self, notebook_id: str) -> Loaded:
        return await self.load_since(notebook_id, -1)

    async def load_since(self, notebook_id: str, after: int) -> Loaded:
        """What is stored past sequence number ``after``: the snapshot only when it covers
        more than that. The snapshot's row is share-locked, so another server's compaction
        cannot delete log entries between reading the snapshot and reading the log."""
        async with self.db.session() as s:
            row = (
                await s.execute(
                    select(NotebookDocument.snapshot, NotebookDocument.snapshot_seq)
                    .where(NotebookDocument.notebook_id == notebook_id)
                    .with_for_update(read=True)
                )
            ).first()
            if row is None:
                return Loaded(None, [], 0)
            rows = (
                await s.execute(
                    select(NotebookUpdate.seq, NotebookUpdate.update)
                    .where(NotebookUpdate.notebook_id == notebook_id)
                    .where(NotebookUpdate.seq > max(after, row.snapshot_seq))
                    .order_by(NotebookUpdate.seq)
                )
            ).all()
        snapshot = row.snapshot if row.snapshot_seq > after else None
        seq = rows[-1].seq if rows else max(after, row.snapshot_seq)
        return Loaded(snapshot, [r.update for r in rows], seq)

    async def create(self, notebook_id: str, snapshot: bytes) -> bool:
        """Store the first snapshot; False when the notebook already has a document."""
        try:
            async with self.db.writing() as s:
                s.add(NotebookDocument(notebook_id=notebook_id, snapshot=snapshot, snapshot_seq=0))
        except IntegrityError:
            return False
        return True

    async def append(self, notebook_id: str, update_: bytes) -> int:
        """Log one update, committed when this returns; its sequence number.

        Updates waiting together are committed together (group_commit.py). Servers sharing
        the database take turns on the document's row, so sequence numbers are handed out,
        and committed, in order; each commit is announced (see fanout.py)."""
        return await self._groups.append(notebook_id, update_)

    async def compact(self, notebook_id: str, snapshot: bytes, upto_seq: int) -> None:
        """Replace the snapshot by one that includes every update up to ``upto_seq``."""
        async with self.db.writing() as s:
            await s.execute(
                update(NotebookDocument)
                .where(NotebookDocument.notebook_id == notebook_id)
                .where(NotebookDocument.snapshot_seq <= upto_seq)
                .values(snapshot=snapshot, snapshot_seq=upto_seq, updated_at=utcnow())
            )
            await s.execute(
                delete(NotebookUpdate)
                .where(NotebookUpdate.notebook_id == notebook_id)
                .where(NotebookUpdate.seq <= upto_seq)
            )
