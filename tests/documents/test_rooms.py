"""Rooms: load once, never import twice, store before broadcast, compact, unload when idle."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from pycrdt import Doc, handle_sync_message

from collaboratory.db import Database
from collaboratory.documents.convert import export_notebook, new_notebook
from collaboratory.documents.rooms import Rooms
from collaboratory.documents.store import DocumentStore
from tests.clients import notebook_bytes
from tests.documents.client import append_source, eventually
from tests.documents.conftest import a_notebook


class Drive:
    """Stands in for the Drive blob: counts how often the .ipynb is read."""

    def __init__(self) -> None:
        self.reads = 0

    async def notebook_json(self, owner: str, notebook_id: str) -> dict[str, Any]:
        self.reads += 1
        await asyncio.sleep(0.01)  # let concurrent openers overlap
        return dict(json.loads(notebook_bytes()))


class Peer:
    def __init__(self) -> None:
        self.received: list[bytes] = []

    def send(self, message: bytes) -> None:
        self.received.append(message)


async def stored_notebook(store: DocumentStore, notebook_id: str) -> dict[str, Any]:
    snapshot, updates, _ = await store.load(notebook_id)
    doc: Doc[Any] = Doc()
    for update in [snapshot or b"", *updates]:
        doc.apply_update(update)
    return export_notebook(new_notebook(doc))


async def test_concurrent_opens_share_one_room_and_one_import(db: Database) -> None:
    nb = await a_notebook(db)
    drive, store = Drive(), DocumentStore(db)
    rooms = Rooms(store, drive.notebook_json)
    first, second = await asyncio.gather(rooms.get(nb, "u"), rooms.get(nb, "u"))
    assert first is second and drive.reads == 1
    await rooms.close()
    again = Rooms(store, drive.notebook_json)  # a restarted server
    room = await again.get(nb, "u")
    assert drive.reads == 1  # the document exists: the .ipynb is never imported again
    assert len(room.ynotebook.ycells) == 1
    await again.close()


async def test_server_side_writes_are_stored_then_broadcast(db: Database) -> None:
    nb = await a_notebook(db)
    store = DocumentStore(db)
    rooms = Rooms(store, Drive().notebook_json, compact_every=3)
    room = await rooms.get(nb, "u")
    peer = Peer()
    room.join(peer)
    async with room.hold() as ynotebook:
        for i in range(5):
            append_source(ynotebook, f"\n# {i}")
            await room.flush()
            assert len(peer.received) == i + 1  # one broadcast per stored change
    expected = room.export()
    assert expected["cells"][0]["source"].endswith("# 4")
    _, updates, seq = await store.load(nb)
    assert seq == 5 and len(updates) < 3  # compacted along the way
    assert await stored_notebook(store, nb) == expected
    room.leave(peer)
    await rooms.close()
    assert (await store.load(nb)).updates == []  # closing folds the log into the snapshot
    assert await stored_notebook(store, nb) == expected


async def test_idle_rooms_unload_and_come_back(db: Database) -> None:
    nb = await a_notebook(db)
    store = DocumentStore(db)
    rooms = Rooms(store, Drive().notebook_json, idle_seconds=0.1)
    room = await rooms.get(nb, "u")
    peer = Peer()
    room.join(peer)
    await asyncio.sleep(0.3)
    assert rooms.loaded(nb) is room  # somebody is connected
    append_source(room.ynotebook, "!")
    room.leave(peer)
    await eventually(lambda: rooms.loaded(nb) is None)
    assert (await store.load(nb)).updates == []
    back = await rooms.get(nb, "u")
    assert back is not room and back.export()["cells"][0]["source"] == "print(6*7)!"
    await rooms.close()


async def test_an_unloaded_room_never_writes_a_snapshot(db: Database) -> None:
    nb = await a_notebook(db)
    store = DocumentStore(db)
    rooms = Rooms(store, Drive().notebook_json)
    await (await rooms.get(nb, "u")).close()
    before = await store.load(nb)
    from collaboratory.documents.room import Room

    empty = Room(nb, store)  # never loaded: its empty doc must not reach the store
    empty.journal.logged = 1
    await empty.close()
    assert await store.load(nb) == before
    await rooms.close()


class SlowStore(DocumentStore):
    """Appends take a while, as a busy database's do."""

    async def append(self, notebook_id: str, update: bytes) -> int:
        await asyncio.sleep(0.05)
        return await super().append(notebook_id, update)


async def test_a_change_made_while_another_is_stored_is_not_lost(db: Database) -> None:
    nb = await a_notebook(db)
    store = SlowStore(db)
    rooms = Rooms(store, Drive().notebook_json)
    room = await rooms.get(nb, "u")
    peer = Peer()
    room.join(peer)
    async with room.hold() as ynotebook:
        append_source(ynotebook, "first")
        await asyncio.sleep(0.01)  # the first change is being stored now
        append_source(ynotebook, " second")
        for _ in range(100):
            await asyncio.sleep(0.02)
            if "second" in (await stored_notebook(store, nb))["cells"][0]["source"]:
                break
    assert (await stored_notebook(store, nb))["cells"][0]["source"].endswith("first second")
    client: Doc[Any] = Doc()  # a client that only ever saw the initial state and broadcasts
    client.apply_update((await store.load(nb)).snapshot or b"")
    for message in peer.received:
        handle_sync_message(message[1:], client)
    assert export_notebook(new_notebook(client))["cells"][0]["source"].endswith("first second")
    await rooms.close()


class BusyStore(DocumentStore):
    """Refuses the first appends, as a database locked by a long writer does."""

    def __init__(self, db: Database, refusals: int) -> None:
        super().__init__(db)
        self.refusals = refusals

    async def append(self, notebook_id: str, update: bytes) -> int:
        if self.refusals:
            self.refusals -= 1
            raise OSError("database is locked")
        return await super().append(notebook_id, update)


async def test_a_change_that_could_not_be_stored_is_stored_later_without_another(
    db: Database,
) -> None:
    nb = await a_notebook(db)
    store = BusyStore(db, refusals=0)
    rooms = Rooms(store, Drive().notebook_json)
    room = await rooms.get(nb, "u")
    peer = Peer()
    room.join(peer)
    store.refusals = 2
    async with room.hold() as ynotebook:
        append_source(ynotebook, "an output")
        for _ in range(200):
            await asyncio.sleep(0.02)
            if "an output" in (await stored_notebook(store, nb))["cells"][0]["source"]:
                break
    assert store.refusals == 0
    assert (await stored_notebook(store, nb))["cells"][0]["source"].endswith("an output")
    client: Doc[Any] = Doc()  # the change reached clients once stored, not before
    client.apply_update((await store.load(nb)).snapshot or b"")
    for message in peer.received:
        handle_sync_message(message[1:], client)
    assert export_notebook(new_notebook(client))["cells"][0]["source"].endswith("an output")
    await rooms.close()
