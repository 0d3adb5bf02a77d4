"""The store side of one room: loading, the update log with its sequence numbers, snapshots."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from pycrdt import Doc

from collaboratory.documents.convert import Notebook, import_notebook
from collaboratory.documents.store import DocumentStore

log = logging.getLogger(__name__)

COMPACT_EVERY = 500  # updates logged between snapshots

NotebookSource = Callable[[], Awaitable[dict[str, Any]]]


async def create_document(store: DocumentStore, notebook_id: str, notebook: dict[str, Any]) -> None:
    """The document's first snapshot, imported from nbformat JSON.

    Another server may have created it meanwhile: then theirs wins (and is what loads)."""
    first = Notebook()
    import_notebook(first, notebook)
    await store.create(notebook_id, first.ydoc.get_update())


class Journal:
    def __init__(self, notebook_id: str, store: DocumentStore, compact_every: int) -> None:
        self.notebook_id = notebook_id
        self.store = store
        self.compact_every = compact_every
        self.lock = asyncio.Lock()  # orders appends, and the snapshots taken after them
        self.seq = 0
        self.logged = 0  # updates in the log since the snapshot
        self.loaded = False

    async def load_into(self, doc: Doc[Any], source: NotebookSource) -> None:
        """From the store; when the notebook has no document yet, imported from its .ipynb."""
        stored = await self.store.load(self.notebook_id)
        if stored.snapshot is None:
            await create_document(self.store, self.notebook_id, await source())
            stored = await self.store.load(self.notebook_id)
        assert stored.snapshot is not None
        for update in [stored.snapshot, *stored.updates]:
            try:
                doc.apply_update(update)
            except ValueError:
                log.exception("skipped an unreadable stored update of %s", self.notebook_id)
        self.seq = stored.seq
        self.logged = len(stored.updates)
        self.loaded = True

    async def append(self, update: bytes) -> bool:
        """Durable when this returns. Call with ``lock`` held.

        False when other servers stored updates since this journal's last: ``newer()`` has
        them. ``seq`` stays the last number up to which the doc holds every update."""
        seq = await self.store.append(self.notebook_id, update)
        self.logged += 1
        if seq != self.seq + 1:
            return False
        self.seq = seq
        return True

    async def newer(self) -> tuple[list[bytes], int]:
        """What the store holds past ``seq`` (a snapshot first, when one covers more), and the
        sequence number the doc is at once they are applied. Call with ``lock`` held."""
        stored = await self.store.load_since(self.notebook_id, self.seq)
        updates = [stored.snapshot, *stored.updates] if stored.snapshot else stored.updates
        return updates, stored.seq

    async def maybe_compact(self, doc: Doc[Any]) -> None:
        if self.logged >= self.compact_every:
            await self.compact(doc)

    async def compact(self, doc: Doc[Any]) -> None:
        """Fold the log into a snapshot of ``doc``. Call with ``lock`` held."""
        # Never an empty doc over a stored one: only a fully loaded room writes snapshots,
        # and its doc holds every stored update (clients' are applied after being stored).
        if not self.loaded or doc.get_state() == b"\x00":
            return
        await self.store.compact(self.notebook_id, doc.get_update(), self.seq)
        self.logged = 0
