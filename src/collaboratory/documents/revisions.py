"""Saved versions of a notebook: on demand, automatic while it is edited, and restorable.

A revision holds the ``.ipynb`` text of the live document at that moment. Restoring one first
saves the current state (kind ``"restore"``, so the restore can itself be undone), then
replaces the live document's content inside its room, in one transaction: the room stores
and broadcasts that change like any other edit, so connected editors see it at once.

Automatic revisions: every ``interval`` seconds, each loaded room whose document changed
since it was last looked at (its journal's sequence number moved) gets an ``"auto"``
revision, unless its content equals the latest revision's. A notebook with no revision yet
whose document never changed since it was imported from its ``.ipynb`` gets none. Rooms still
loaded at shutdown are swept once more in ``close()``. Rooms unloaded when idle are not swept
on unload (the rooms offer no unload hook): edits made after a room's last sweep get their
automatic revision at the first sweep after the notebook is loaded again. A room open on
several replicas is swept by each; a sweep that finds an automatic revision younger than half
an interval makes none.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from pycrdt import Map
from sqlalchemy import select

from collaboratory.db import Database
from collaboratory.db.base import utcnow
from collaboratory.documents.convert import import_notebook, normalise, render
from collaboratory.documents.models import NotebookRevision
from collaboratory.documents.room import Room
from collaboratory.documents.service import DocumentService
from collaboratory.drive.roles import EDITOR
from collaboratory.errors import NotFound

log = logging.getLogger(__name__)

INTERVAL = 600.0  # seconds between automatic revisions of a notebook being edited

Kind = Literal["auto", "manual", "restore"]
KINDS: tuple[Kind, ...] = ("auto", "manual", "restore")


@dataclass(frozen=True)
class Revision:
    id: str
    notebook_id: str
    created_at: datetime
    created_by: str | None
    kind: Kind
    label: str | None


def _revision(row: NotebookRevision) -> Revision:
    return Revision(
        row.id, row.notebook_id, row.created_at, row.created_by, _kind(row.kind), row.label
    )


def _kind(value: str) -> Kind:
    return value if value in KINDS else "manual"


def revision_not_found() -> NotFound:
    return NotFound("No such revision: it does not exist or is not yours.")


def _content(room: Room) -> bytes:
    return render(room.export()).encode()


class RevisionService:
    def __init__(
        self, db: Database, documents: DocumentService, *, interval: float = INTERVAL
    ) -> None:
        self.db = db
        self.documents = documents
        self.interval = interval
        # Replicas with the room open sweep on their own clocks: an automatic revision made
        # less than half an interval ago, by any of them, is the one this sweep would make.
        self._apart = timedelta(seconds=interval / 2)
        self._locks: dict[str, asyncio.Lock] = {}
        self._seen: dict[str, int] = {}  # notebook id -> its journal's seq when last swept
        self._task: asyncio.Task[None] | None = None

    # -- on demand ------------------------------------------------------------------------

    async def create(
        self,
        owner_id: str,
        notebook_id: str,
        kind: Kind,
        label: str | None = None,
        user_id: str | None = None,
    ) -> Revision | None:
        """Save the live document now; None only for an ``"auto"`` one equal to the latest."""
        room = await self.documents.open(owner_id, notebook_id, EDITOR)
        return await self._save(room, kind, label, user_id)

    async def list(self, owner_id: str, notebook_id: str) -> list[Revision]:
        """The notebook's revisions, newest first, without their content."""
        await self.documents.open(owner_id, notebook_id)  # anyone it is shared with, or 404
        async with self.db.session() as s:
            rows = (
                await s.execute(
                    select(
                        NotebookRevision.id,
                        NotebookRevision.notebook_id,
                        NotebookRevision.created_at,
                        NotebookRevision.created_by,
                        NotebookRevision.kind,
                        NotebookRevision.label,
                    )
                    .where(NotebookRevision.notebook_id == notebook_id)
                    .order_by(NotebookRevision.created_at.desc())
                )
            ).all()
        return [
            Revision(
                r.id,
                r.notebook_id,
                r.created_at,
                r.created_by,
                _kind(r.kind),
                r.label,
            )
            for r in rows
        ]

    async def get(self, owner_id: str, notebook_id: str, revision_id: str) -> dict[str, Any]:
        """A revision's notebook as nbformat 4 JSON."""
        await self.documents.open(owner_id, notebook_id)
        # In the shape GET /api/notebooks/{id} has: multi-line strings joined.
        return normalise(json.loads(await self._content_of(notebook_id, revision_id)))

    async def restore(
        self, owner_id: str, notebook_id: str, revision_id: str, user_id: str | None
    ) -> dict[str, Any]:
        """Make a revision the live document again; returns the document as nbformat JSON."""
        room = await self.documents.open(owner_id, notebook_id, EDITOR)
        nb = normalise(json.loads(await self._content_of(notebook_id, revision_id)))
        async with room.hold() as ynotebook:
            async with self._lock(notebook_id):
                await self._insert(room, "restore", f"Before restoring {revision_id}", user_id)
                with ynotebook.ydoc.transaction():
                    ynotebook.ycells.clear()
                    ynotebook.ydoc.get("meta", type=Map).clear()
                    import_notebook(ynotebook, nb)  # joins this transaction
            await room.flush()  # stored, and so broadcast, before we answer
            return room.export()

    # -- automatic ------------------------------------------------------------------------

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def close(self) -> None:
        """Stop the sweeps, then sweep once more: rooms about to unload keep their edits."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
            await self.sweep()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            await self.sweep()

    async def sweep(self) -> builtins.list[Revision]:
        """An ``"auto"`` revision of every loaded room changed since it was last swept."""
        made: builtins.list[Revision] = []
        # Rooms offers no public listing; the dict is only read here, never changed.
        loaded = self.documents.rooms.all_loaded()
        for notebook_id in set(self._seen) - set(loaded):
            # Unloaded: when it is loaded again, its content is compared with its latest
            # revision, so edits made after the last sweep before the unload are kept then.
            del self._seen[notebook_id]
        for notebook_id, room in loaded.items():
            try:
                revision = await self._sweep_room(notebook_id, room)
            except Exception:
                log.exception("could not save an automatic revision of %s", notebook_id)
                continue
            if revision is not None:
                made.append(revision)
        return made

    async def _sweep_room(self, notebook_id: str, room: Room) -> Revision | None:
        await room.flush()
        seq = room.journal.seq
        if self._seen.get(notebook_id) == seq:
            return None  # nothing stored since the last sweep
        if seq == 0 and not await self._has_revisions(notebook_id):
            self._seen[notebook_id] = seq  # as imported from its .ipynb: nothing to keep
            return None
        if await self._auto_saved_since(notebook_id, utcnow() - self._apart):
            self._seen[notebook_id] = seq  # another replica's sweep kept it moments ago
            return None
        revision = await self._save(room, "auto", None, None)
        self._seen[notebook_id] = seq
        return revision

    async def _auto_saved_since(self, notebook_id: str, since: datetime) -> bool:
        async with self.db.session() as s:
            found = await s.scalar(
                select(NotebookRevision.id)
                .where(NotebookRevision.notebook_id == notebook_id)
                .where(NotebookRevision.kind == "auto")
                .where(NotebookRevision.created_at > since)
                .limit(1)
            )
        return found is not None

    # -- storage --------------------------------------------------------------------------

    def _lock(self, notebook_id: str) -> asyncio.Lock:
        return self._locks.setdefault(notebook_id, asyncio.Lock())

    async def _save(
        self, room: Room, kind: Kind, label: str | None, user_id: str | None
    ) -> Revision | None:
        async with self._lock(room.notebook_id):
            return await self._insert(room, kind, label, user_id)

    async def _insert(
        self, room: Room, kind: Kind, label: str | None, user_id: str | None
    ) -> Revision | None:
        """Call with the notebook's lock held."""
        content = _content(room)
        async with self.db.session() as s:
            latest = (
                await s.execute(
                    select(NotebookRevision.created_at, NotebookRevision.content)
                    .where(NotebookRevision.notebook_id == room.notebook_id)
                    .order_by(NotebookRevision.created_at.desc())
                    .limit(1)
                )
            ).first()
            if kind == "auto" and latest is not None and latest.content == content:
                return None
            now = utcnow()
            if latest is not None and now <= latest.created_at:  # keep the order strict
                now = latest.created_at + timedelta(microseconds=1)
            row = NotebookRevision(
                notebook_id=room.notebook_id,
                created_at=now,
                created_by=user_id,
                kind=kind,
                label=label,
                content=content,
            )
            s.add(row)
            await s.flush()
            return _revision(row)

    async def _content_of(self, notebook_id: str, revision_id: str) -> bytes:
        async with self.db.session() as s:
            content = await s.scalar(
                select(NotebookRevision.content)
                .where(NotebookRevision.id == revision_id)
                .where(NotebookRevision.notebook_id == notebook_id)
            )
        if content is None:
            raise revision_not_found()
        return content

    async def _has_revisions(self, notebook_id: str) -> bool:
        async with self.db.session() as s:
            found = await s.scalar(
                select(NotebookRevision.id)
                .where(NotebookRevision.notebook_id == notebook_id)
                .limit(1)
            )
        return found is not None
