"""The loaded rooms: one per notebook, loaded on first use, unloaded when idle."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from collaboratory.documents.fanout import ANYTHING_NEW
from collaboratory.documents.room import COMPACT_EVERY, Room
from collaboratory.documents.store import DocumentStore

log = logging.getLogger(__name__)

IDLE_SECONDS = 60.0  # a room with nobody connected and nothing held unloads after this

# (owner_id, notebook_id) -> the notebook's nbformat JSON; raises NotFound when not theirs.
NotebookJson = Callable[[str, str], Awaitable[dict[str, Any]]]


class Rooms:
    def __init__(
        self,
        store: DocumentStore,
        notebook_json: NotebookJson,
        *,
        idle_seconds: float = IDLE_SECONDS,
        compact_every: int = COMPACT_EVERY,
    ) -> None:
        self.store = store
        self.notebook_json = notebook_json
        self.idle_seconds = idle_seconds
        self.compact_every = compact_every
        self._rooms: dict[str, Room] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._reaper: asyncio.Task[None] | None = None
        self._closed = False
        self.shared = False  # other replicas write to the same store (see fanout.py)
        # (notebook id, awareness message): presence for the other replicas, when shared
        self.share_presence: Callable[[str, bytes], None] | None = None

    def loaded(self, notebook_id: str) -> Room | None:
        return self._rooms.get(notebook_id)

    def all_loaded(self) -> dict[str, Room]:
        """The rooms in memory now, by notebook id (a copy)."""
        return dict(self._rooms)

    async def get(self, notebook_id: str, owner_id: str) -> Room:
        """The notebook's room, loading it once however many ask at the same time.

        The caller has checked that ``owner_id`` may open the notebook.
        """
        if self._closed:
            raise RuntimeError("the document service is shut down")
        room = self._rooms.get(notebook_id)
        if room is not None:
            return room
        async with self._locks.setdefault(notebook_id, asyncio.Lock()):
            room = self._rooms.get(notebook_id)
            if room is None:
                room = Room(notebook_id, self.store, compact_every=self.compact_every)
                if self.share_presence is not None:
                    share = self.share_presence
                    room.share_presence = lambda message: share(notebook_id, message)
                await room.load(lambda: self.notebook_json(owner_id, notebook_id))
                self._rooms[notebook_id] = room
                if self.shared:  # what was stored while it loaded, before it heard of it
                    await room.catch_up(ANYTHING_NEW)
                self._start_reaper()
            return room

    def _start_reaper(self) -> None:
        if self._reaper is None or self._reaper.done():
            self._reaper = asyncio.get_running_loop().create_task(self._reap())

    async def _reap(self) -> None:
        while self._rooms:
            await asyncio.sleep(max(self.idle_seconds / 4, 0.05))
            now = time.monotonic()
            for notebook_id, room in list(self._rooms.items()):
                if room.idle_for(now) >= self.idle_seconds:
                    try:
                        await self.unload(notebook_id)
                    except Exception:
                        log.exception("could not unload the room of %s", notebook_id)

    async def unload(self, notebook_id: str) -> None:
        async with self._locks.setdefault(notebook_id, asyncio.Lock()):
            room = self._rooms.get(notebook_id)
            if room is None or room.idle_for(time.monotonic()) < self.idle_seconds:
                return
            await room.close()
            # The lock stays: dropping it could let two loads of this notebook run at once.
            del self._rooms[notebook_id]

    async def close(self) -> None:
        """Final snapshots of every room."""
        self._closed = True
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
        for notebook_id, room in list(self._rooms.items()):
            try:
                await room.close()
            except Exception:
                log.exception("could not snapshot the room of %s", notebook_id)
        self._rooms.clear()
