"""Durable notebook documents: a snapshot plus an append-only update log, on SQLite or PostgreSQL.

``append`` commits before it returns: that commit is the point after which an update may be
acknowledged. ``compact`` folds the log into a new snapshot in one transaction, so a crash
leaves either the old snapshot and its log or the new snapshot, never a mix.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from collaboratory.db import Database, utcnow
from collaboratory.documents.models import NotebookDocument, NotebookUpdate


class Loaded(NamedTuple):
    snapshot: bytes | None
    updates: list[bytes]
    seq: int  # the last sequence number stored, in the snapshot or the log


class DocumentStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def load(self, notebook_id: str) -> Loaded:
        async with self.db.session() as s:
            doc = await s.get(NotebookDocument, notebook_id)
            if doc is None:
                return Loaded(None, [], 0)
            rows = (
                await s.execute(
                    select(NotebookUpdate.seq, NotebookUpdate.update)
                    .where(NotebookUpdate.notebook_id == notebook_id)
                    .where(NotebookUpdate.seq > doc.snapshot_seq)
                    .order_by(NotebookUpdate.seq)
                )
            ).all()
        seq = rows[-1].seq if rows else doc.snapshot_seq
        return Loaded(doc.snapshot, [row.update for row in rows], seq)

    async def create(self, notebook_id: str, snapshot: bytes) -> bool:
        """Store the first snapshot; False when the notebook already has a document."""
        try:
            async with self.db.session() as s:
                s.add(NotebookDocument(notebook_id=notebook_id, snapshot=snapshot, snapshot_seq=0))
        except IntegrityError:
            return False
        return True

    async def append(self, notebook_id: str, update_: bytes) -> int:
        """Log one update, committed when this returns; its sequence number."""
        async with self.db.session() as s:
            last = await s.scalar(
                select(func.max(NotebookUpdate.seq)).where(
                    NotebookUpdate.notebook_id == notebook_id
                )
            )
            if last is None:
                last = await s.scalar(
                    select(NotebookDocument.snapshot_seq).where(
                        NotebookDocument.notebook_id == notebook_id
                    )
                )
                if last is None:
                    raise LookupError(f"notebook {notebook_id} has no document to update")
            seq = last + 1
            s.add(NotebookUpdate(notebook_id=notebook_id, seq=seq, update=update_))
        return seq

    async def compact(self, notebook_id: str, snapshot: bytes, upto_seq: int) -> None:
        """Replace the snapshot by one that includes every update up to ``upto_seq``."""
        async with self.db.session() as s:
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
