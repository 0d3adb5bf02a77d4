"""One live notebook document: a pycrdt Doc in the YNotebook schema, durable before shared.

Every change reaches the store before anyone hears of it; ``_broadcast`` is the one way out,
and it is only ever handed stored updates (or presence, which is not part of the document).
A client's update is appended and only then applied and broadcast. A server-side writer
(execution) changes ``ynotebook`` directly; the doc observer queues that update, and a drain
task appends it and then broadcasts it. Updates other replicas stored reach this room through
``catch_up`` (see fanout.py), read back from the store. Server-side writers should ``hold()``
the room so it is not unloaded under them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol

from pycrdt import (
    Doc,
    TransactionEvent,
    create_update_message,
    get_state,
    handle_sync_message,
    merge_updates,
)

from collaboratory.documents.convert import Notebook, export_notebook
from collaboratory.documents.journal import COMPACT_EVERY, Journal, NotebookSource
from collaboratory.documents.presence import Presence
from collaboratory.documents.store import DocumentStore

log = logging.getLogger(__name__)

EMPTY_UPDATE = b"\x00\x00"
# Seconds between tries to store server-side changes; after the last, the next change tries.
STORE_RETRY_PAUSES = (0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 0.0)

__all__ = ["COMPACT_EVERY", "InvalidUpdate", "Peer", "Room"]


class Peer(Protocol):
    """A connected client; ``send`` queues a message for it and never blocks the room."""

    def send(self, message: bytes) -> None: ...


class InvalidUpdate(ValueError):
    """A client sent bytes that are not a Yjs update."""


class Room:
    def __init__(
        self, notebook_id: str, store: DocumentStore, *, compact_every: int = COMPACT_EVERY
    ) -> None:
        self.notebook_id = notebook_id
        self.journal = Journal(notebook_id, store, compact_every)
        self.doc: Doc[Any] = Doc()
        self.ynotebook = Notebook(self.doc)
        self.presence = Presence(self.doc)
        self.peers: set[Peer] = set()
        self.holds = 0
        self.last_active = time.monotonic()
        self._outbox: list[bytes] = []  # server-side changes not yet stored
        self._drain: asyncio.Task[None] | None = None
        self._applying = False
        self._closed = False
        # Set when other replicas serve this notebook too: presence goes to them as well.
        self.share_presence: Callable[[bytes], None] | None = None

    async def load(self, source: NotebookSource) -> None:
        await self.journal.load_into(self.doc, source)
        self.doc.observe(self._on_change)

    # -- changes ----------------------------------------------------------------------------

    async def apply_client_update(self, update: bytes, sender: Peer | None) -> None:
        """Store, apply, then broadcast a client's update; raises InvalidUpdate on garbage."""
        if update == EMPTY_UPDATE:
            return
        try:
            get_state(update)  # decodes it fully: nothing unreadable reaches the log
        except ValueError as exc:
            raise InvalidUpdate(str(exc)) from exc
        async with self.journal.lock:
            await self._store_outbox()
            in_turn = await self.journal.append(update)
            self._apply_stored([update])
            self._broadcast(create_update_message(update), exclude=sender)
            if not in_turn:
                await self._catch_up()
            await self.journal.maybe_compact(self.doc)

    async def catch_up(self, seq: int) -> None:
        """Bring the room up to what the store holds, when that is past ``seq``."""
        async with self.journal.lock:
            if seq > self.journal.seq:
                await self._catch_up()

    async def _catch_up(self) -> None:
        """Apply and pass on what other replicas stored since this room's last update."""
        updates, seq = await self.journal.newer()
        before = self.doc.get_state()
        self._apply_stored(updates)
        self.journal.seq = max(seq, self.journal.seq)
        news = self.doc.get_update(before)
        if news != EMPTY_UPDATE:
            self._broadcast(create_update_message(news), exclude=None)

    def _apply_stored(self, updates: list[bytes]) -> None:
        """Apply updates that are in the store already (so the observer does not queue them)."""
        self._applying = True
        try:
            for update in updates:
                self.doc.apply_update(update)
        finally:
            self._applying = False

    async def answer_sync_step1(self, message: bytes) -> bytes | None:
        """The SyncStep2 answering a client's SyncStep1 (``message`` without its first byte).

        Server-side changes are stored first: nobody sees a change that a crash could lose.
        """
        async with self.journal.lock:
            await self._store_outbox()
            return handle_sync_message(message, self.doc)

    def _on_change(self, event: TransactionEvent) -> None:
        self.last_active = time.monotonic()
        if self._applying:
            return  # a client's update, stored already
        self._outbox.append(event.update)
        if self._drain is None or self._drain.done():
            self._drain = asyncio.get_running_loop().create_task(self._drain_outbox())

    async def _drain_outbox(self) -> None:
        # A failed store keeps its changes in the outbox and is tried again after a pause (a
        # busy database): an output must not wait for the next change to reach its readers.
        for pause in STORE_RETRY_PAUSES:
            try:
                async with self.journal.lock:
                    # Changes made while a store is under way wait in the outbox: drain them too.
                    while self._outbox:
                        await self._store_outbox()
                    await self.journal.maybe_compact(self.doc)
                return
            except Exception:
                log.exception("could not store a change to %s", self.notebook_id)
            if self._closed:
                return
            await asyncio.sleep(pause)

    async def _store_outbox(self) -> None:
        if not self._outbox:
            return
        # Take the changes before awaiting: ones made during the store must not be cleared
        # with them (they would be neither stored nor sent, and clients would stall).
        pending, self._outbox = self._outbox, []
        update = merge_updates(*pending)
        try:
            in_turn = await self.journal.append(update)
        except BaseException:
            self._outbox[:0] = pending
            raise
        self._broadcast(create_update_message(update), exclude=None)
        if not in_turn:
            await self._catch_up()

    def _broadcast(self, message: bytes, exclude: Peer | None) -> None:
        for peer in self.peers:
            if peer is not exclude:
                peer.send(message)

    # -- clients and lifetime ---------------------------------------------------------------

    def join(self, peer: Peer) -> None:
        self.peers.add(peer)
        self.last_active = time.monotonic()

    def leave(self, peer: Peer) -> None:
        self.peers.discard(peer)
        removal = self.presence.forget(peer)
        if removal is not None:
            self._broadcast(removal, exclude=None)
            if self.share_presence is not None:
                self.share_presence(removal)
        self.last_active = time.monotonic()

    def broadcast_awareness(self, message: bytes, sender: Peer) -> None:
        self._broadcast(message, exclude=sender)
        if self.share_presence is not None:
            self.share_presence(message)

    def presence_from_elsewhere(self, message: bytes) -> None:
        """Presence a client of another replica announced, for this replica's clients."""
        self.presence.apply_elsewhere(message)
        self._broadcast(message, exclude=None)

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[Notebook]:
        """Keep the room loaded while a server-side writer works on ``ynotebook``."""
        self.holds += 1
        try:
            yield self.ynotebook
        finally:
            self.holds -= 1
            self.last_active = time.monotonic()

    def idle_for(self, now: float) -> float:
        if self.peers or self.holds or self._outbox:
            return 0.0
        return now - self.last_active

    async def flush(self) -> None:
        """Store pending server-side changes now (they are broadcast once stored)."""
        async with self.journal.lock:
            await self._store_outbox()

    async def close(self) -> None:
        """Store what is pending and fold the log into a final snapshot."""
        if self._closed:
            return
        self._closed = True
        async with self.journal.lock:
            await self._store_outbox()
            if self.journal.logged:
                await self.journal.compact(self.doc)
        if self._drain is not None:
            await self._drain

    def export(self) -> dict[str, Any]:
        return export_notebook(self.ynotebook)
