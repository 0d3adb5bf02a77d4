"""Live documents across server replicas: every replica serves every room, PostgreSQL tells.

Each update is appended to the notebook's log, and the same transaction sends
``NOTIFY collaboratory_documents, '<notebook id> <seq>'``, which PostgreSQL delivers only once
that transaction commits. Every replica LISTENs; one that has the notebook's room loaded reads
the log past what its room holds and passes that to its own clients (``Room.catch_up``). The
notification carries no update, only that there is one: the log stays the one source, a
missed notification costs latency (the next one, or a reconnect, catches up), never an edit.

Presence (who is here, cursors) is not stored: it travels in the notification itself, on
``collaboratory_presence``, best effort (PostgreSQL caps a payload near 8000 bytes; a larger
state, rare, stays on its replica).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collaboratory.db.listen import listen_dsn, listen_forever
from collaboratory.documents.presence import InvalidAwareness

if TYPE_CHECKING:
    from collaboratory.documents.rooms import Rooms

log = logging.getLogger(__name__)

CHANNEL = "collaboratory_documents"
PRESENCE_CHANNEL = "collaboratory_presence"
MAX_PAYLOAD = 7900
ANYTHING_NEW = 2**62  # a sequence number past any stored: read whatever the log holds


async def announce_stored(session: AsyncSession, notebook_id: str, seq: int) -> None:
    """Tell every replica, when ``session`` commits, that ``seq`` of the notebook is stored."""
    await session.execute(select(func.pg_notify(CHANNEL, f"{notebook_id} {seq}")))


class DocumentFanout:
    """Listens for other replicas' updates and brings the loaded rooms up to date."""

    def __init__(self, database_url: str, rooms: Rooms) -> None:
        self.dsn = listen_dsn(database_url)
        self.rooms = rooms
        self._task: asyncio.Task[None] | None = None
        self._catching_up: dict[str, asyncio.Task[None]] = {}
        self._wanted: dict[str, int] = {}
        self.listening = asyncio.Event()
        self.origin = uuid.uuid4().hex  # this replica, to skip its own presence
        self._connection: Any = None
        self._sending = asyncio.Lock()  # one statement at a time on the connection
        self._sends: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._listen_forever())

    async def _listen_forever(self) -> None:
        channels = {CHANNEL: self._on_notify, PRESENCE_CHANNEL: self._on_presence}
        await listen_forever(
            self.dsn,
            channels,
            "other replicas' updates",
            on_connected=self._connected,
            on_lost=self._lost,
        )

    def _connected(self, connection: Any) -> None:
        self._connection = connection
        self.listening.set()
        self._catch_up_all()  # whatever was stored while nobody listened

    def _lost(self) -> None:
        self.listening.clear()
        self._connection = None

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

    def share_presence(self, notebook_id: str, message: bytes) -> None:
        """Pass an awareness message of a client here to the other replicas' clients."""
        payload = f"{self.origin} {notebook_id} {base64.b64encode(message).decode()}"
        if self._connection is None or len(payload) > MAX_PAYLOAD:
            return
        task = asyncio.get_running_loop().create_task(self._send_presence(payload))
        self._sends.add(task)
        task.add_done_callback(self._sends.discard)

    async def _send_presence(self, payload: str) -> None:
        async with self._sending:
            connection = self._connection
            if connection is None:
                return
            try:
                await connection.execute("SELECT pg_notify($1, $2)", PRESENCE_CHANNEL, payload)
            except Exception as exc:  # presence is best effort; the next one may pass
                log.info("could not share presence: %s", exc)

    def _on_presence(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        origin, notebook_id, encoded = [*payload.split(" ", 2), "", ""][:3]
        room = self.rooms.loaded(notebook_id)
        if origin == self.origin or room is None:
            return
        try:
            room.presence_from_elsewhere(base64.b64decode(encoded, validate=True))
        except (ValueError, InvalidAwareness):
            log.info("ignored malformed presence from another replica")

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
        tasks = [t for t in (self._task, *self._catching_up.values(), *self._sends) if t]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
