"""Live documents across server replicas: every replica serves every room, PostgreSQL tells.

Each update is appended to the notebook's log, and the same transaction sends
``NOTIFY collaboratory_documents, '<notebook id> <seq>'``, which PostgreSQL delivers only once
that transaction commits. Every replica LISTENs; one that has the notebook's room loaded reads
the log past what its room holds and passes that to its own clients (``Room.catch_up``). The
notification carries no update, only that there is one: the log stays the one source, a
missed notification costs latency (the next one, or a reconnect, catches up), never an edit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

if TYPE_CHECKING:
    from collaboratory.documents.rooms import Rooms

log = logging.getLogger(__name__)

CHANNEL = "collaboratory_documents"
RECONNECT_SECONDS = 1.0
ANYTHING_NEW = 2**62  # a sequence number past any stored: read whatever the log holds


async def announce_stored(session: AsyncSession, notebook_id: str, seq: int) -> None:
    """Tell every replica, when ``session`` commits, that ``seq`` of the notebook is stored."""
    await session.execute(select(func.pg_notify(CHANNEL, f"{notebook_id} {seq}")))


def listen_dsn(database_url: str) -> str:
    """asyncpg's own form of a SQLAlchemy ``postgresql+asyncpg://`` URL."""
    scheme, sep, rest = database_url.partition("://")
    return f"{scheme.split('+', 1)[0]}{sep}{rest}"


class DocumentFanout:
    """Listens for other replicas' updates and brings the loaded rooms up to date."""

    def __init__(self, database_url: str, rooms: Rooms) -> None:
        self.dsn = listen_dsn(database_url)
        self.rooms = rooms
        self._task: asyncio.Task[None] | None = None
        self._catching_up: dict[str, asyncio.Task[None]] = {}
        self._wanted: dict[str, int] = {}
        self.listening = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._listen_forever())

    async def _listen_forever(self) -> None:
        while True:
            try:
                await self._listen_once()
            except OSError:
                log.warning("cannot listen for other replicas' updates; retrying", exc_info=True)
            except Exception as exc:  # asyncpg's errors, with no import here
                log.warning("listening for other replicas' updates failed: %s; retrying", exc)
            await asyncio.sleep(RECONNECT_SECONDS)

    async def _listen_once(self) -> None:
        import asyncpg  # type: ignore[import-untyped]  # only PostgreSQL replicas need it

        lost = asyncio.Event()
        connection = await asyncpg.connect(self.dsn)
        try:
            connection.add_termination_listener(lambda _c: lost.set())
            await connection.add_listener(CHANNEL, self._on_notify)
            self.listening.set()
            self._catch_up_all()  # whatever was stored while nobody listened
            await lost.wait()
            log.warning("lost the connection listening for other replicas' updates")
        finally:
            self.listening.clear()
            with contextlib.suppress(Exception):
                await connection.close(timeout=1)

    def _on_notify(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        notebook_id, _, seq_text = payload.partition(" ")
        try:
            seq = int(seq_text)
        except ValueError:
            return
        room = self.rooms.loaded(notebook_id)
        if room is None or seq <= room.journal.seq:
            return  # not loaded here, or this replica's own update
        self._wanted[notebook_id] = max(seq, self._wanted.get(notebook_id, 0))
        self._schedule(notebook_id)

    def _catch_up_all(self) -> None:
        for notebook_id in self.rooms.all_loaded():
            self._wanted[notebook_id] = ANYTHING_NEW
            self._schedule(notebook_id)

    def _schedule(self, notebook_id: str) -> None:
        if notebook_id not in self._catching_up:
            task = asyncio.get_running_loop().create_task(self._catch_up(notebook_id))
            self._catching_up[notebook_id] = task

    async def _catch_up(self, notebook_id: str) -> None:
        """One task per notebook at a time; notifications arriving meanwhile raise ``_wanted``."""
        try:
            while (wanted := self._wanted.pop(notebook_id, None)) is not None:
                room = self.rooms.loaded(notebook_id)
                if room is None:
                    continue
                try:
                    await room.catch_up(wanted)
                except Exception:
                    log.exception("could not catch up %s with other replicas", notebook_id)
        finally:
            del self._catching_up[notebook_id]

    async def close(self) -> None:
        tasks = [t for t in (self._task, *self._catching_up.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
