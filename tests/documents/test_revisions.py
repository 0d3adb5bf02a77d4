"""Revisions: saved on demand and automatically, viewed, restored inside the live room."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from pycrdt import Map

from collaboratory.db import Database
from collaboratory.documents.revisions import Revision, RevisionService
from collaboratory.documents.service import DocumentService
from collaboratory.drive.roles import Role
from collaboratory.errors import NotFound
from tests.clients import code_cell, notebook_bytes
from tests.documents.client import append_source, eventually
from tests.documents.conftest import a_notebook
from tests.documents.test_rooms import Peer, stored_notebook

ORIGINAL = json.loads(notebook_bytes([code_cell("c1", "x = 1")], title="first"))


async def notebook_json(owner: str, notebook_id: str) -> dict[str, Any]:
    return dict(ORIGINAL)


async def authorize(owner: str, notebook_id: str) -> Role:
    if owner != "alice":
        raise NotFound("No such notebook.")
    return "owner"


def services(db: Database, interval: float = 600.0) -> tuple[DocumentService, RevisionService]:
    documents = DocumentService(db, notebook_json, authorize=authorize)
    return documents, RevisionService(db, documents, interval=interval)


def source_of(nb: dict[str, Any]) -> str:
    return str(nb["cells"][0]["source"])


async def test_save_edit_view_restore_and_undo_the_restore(db: Database) -> None:
    nb = await a_notebook(db)
    documents, revisions = services(db)
    saved = await revisions.create("alice", nb, "manual", label="before", user_id=None)
    assert saved is not None and saved.kind == "manual" and saved.label == "before"

    room = await documents.open("alice", nb)
    peer = Peer()
    room.join(peer)
    async with room.hold() as ynotebook:
        append_source(ynotebook, "\ny = 2")
        ynotebook.ydoc.get("meta", type=Map)["metadata"]["title"] = "edited"
    await room.flush()
    edited = room.export()
    assert source_of(edited) == "x = 1\ny = 2"

    old = await revisions.get("alice", nb, saved.id)
    assert source_of(old) == "x = 1" and old["metadata"] == {"title": "first"}

    heard = len(peer.received)
    restored = await revisions.restore("alice", nb, saved.id, None)
    assert source_of(restored) == "x = 1" and restored["metadata"] == {"title": "first"}
    assert restored == room.export() == await documents.notebook("alice", nb)
    assert len(restored["cells"]) == 1
    assert len(peer.received) > heard  # connected editors heard the restore
    assert await stored_notebook(documents.store, nb) == restored  # stored like any edit

    listed = await revisions.list("alice", nb)
    assert [r.kind for r in listed] == ["restore", "manual"]
    undo = listed[0]
    assert source_of(await revisions.get("alice", nb, undo.id)) == "x = 1\ny = 2"
    await revisions.restore("alice", nb, undo.id, None)
    assert room.export() == edited
    assert [r.kind for r in await revisions.list("alice", nb)] == ["restore", "restore", "manual"]
    room.leave(peer)
    await documents.close()


async def revisions_once(revisions: RevisionService, nb: str, count: int) -> list[Revision]:
    """The notebook's revisions once there are ``count`` of them (within a few seconds)."""
    for _ in range(200):
        listed = await revisions.list("alice", nb)
        if len(listed) >= count:
            return listed
        await asyncio.sleep(0.02)
    raise AssertionError(f"no {count} revisions in time")


async def test_auto_revisions_only_when_changed(db: Database) -> None:
    nb = await a_notebook(db)
    documents, revisions = services(db, interval=0.05)
    room = await documents.open("alice", nb)
    revisions.start()
    await asyncio.sleep(0.2)  # several sweeps of an untouched notebook
    assert await revisions.list("alice", nb) == []

    async with room.hold() as ynotebook:
        append_source(ynotebook, "\n# one")
    listed = await revisions_once(revisions, nb, 1)
    assert [(r.kind, r.created_by) for r in listed] == [("auto", None)]
    await asyncio.sleep(0.2)  # no change since: no new revision
    assert len(await revisions.list("alice", nb)) == 1

    async with room.hold() as ynotebook:
        append_source(ynotebook, "\n# two")
    listed = await revisions_once(revisions, nb, 2)
    assert [r.kind for r in listed] == ["auto", "auto"]
    assert source_of(await revisions.get("alice", nb, listed[0].id)).endswith("# two")
    assert source_of(await revisions.get("alice", nb, listed[1].id)).endswith("# one")
    await revisions.close()
    await documents.close()


async def test_auto_revision_equal_to_the_latest_is_skipped(db: Database) -> None:
    nb = await a_notebook(db)
    documents, revisions = services(db)
    first = await revisions.create("alice", nb, "manual")
    assert first is not None
    assert await revisions.create("alice", nb, "auto") is None
    again = await revisions.create("alice", nb, "manual")  # on demand: always saved
    assert again is not None
    assert [r.id for r in await revisions.list("alice", nb)] == [again.id, first.id]
    room = await documents.open("alice", nb)
    async with room.hold() as ynotebook:
        append_source(ynotebook, "\n# changed")
    made = await revisions.sweep()
    assert [r.kind for r in made] == ["auto"]
    assert await revisions.sweep() == []
    await documents.close()


async def test_close_sweeps_rooms_still_loaded(db: Database) -> None:
    nb = await a_notebook(db)
    documents, revisions = services(db)
    revisions.start()
    room = await documents.open("alice", nb)
    async with room.hold() as ynotebook:
        append_source(ynotebook, "\n# last words")
    await revisions.close()
    listed = await revisions.list("alice", nb)
    assert [r.kind for r in listed] == ["auto"]
    await documents.close()


async def test_not_yours_and_unknown_revisions(db: Database) -> None:
    nb, other = await a_notebook(db), await a_notebook(db)
    documents, revisions = services(db)
    saved = await revisions.create("alice", nb, "manual")
    assert saved is not None
    with pytest.raises(NotFound):
        await revisions.list("bob", nb)
    with pytest.raises(NotFound):
        await revisions.get("bob", nb, saved.id)
    with pytest.raises(NotFound):
        await revisions.restore("bob", nb, saved.id, None)
    with pytest.raises(NotFound):
        await revisions.create("bob", nb, "manual")
    with pytest.raises(NotFound):
        await revisions.get("alice", nb, "nope")
    with pytest.raises(NotFound):
        await revisions.get("alice", other, saved.id)  # a revision of another notebook
    with pytest.raises(NotFound):
        await revisions.restore("alice", other, saved.id, None)
    assert [r.kind for r in await revisions.list("alice", other)] == []  # nothing saved
    await documents.close()


async def test_edits_left_in_an_unloaded_room_are_kept_once_it_loads_again(db: Database) -> None:
    nb = await a_notebook(db)
    documents = DocumentService(db, notebook_json, authorize=authorize, idle_seconds=0.1)
    revisions = RevisionService(db, documents)
    room = await documents.open("alice", nb)
    assert await revisions.sweep() == []  # as imported: nothing to keep
    async with room.hold() as ynotebook:
        append_source(ynotebook, "\n# before unload")
    await eventually(lambda: documents.rooms.loaded(nb) is None)
    assert await revisions.sweep() == []  # no room, nothing to look at
    await documents.open("alice", nb)
    made = await revisions.sweep()
    assert [r.kind for r in made] == ["auto"]
    assert source_of(await revisions.get("alice", nb, made[0].id)).endswith("# before unload")
    assert await revisions.sweep() == []
    await documents.close()


async def test_two_replicas_sweeping_one_room_make_one_automatic_revision(db: Database) -> None:
    """Each replica with the room open sweeps it on its own clock: a sweep finding an automatic
    revision younger than half an interval (the other replica's) makes none."""
    nb = await a_notebook(db)
    documents, first = services(db, interval=6.0)
    second = RevisionService(db, documents, interval=6.0)
    assert await first.create("alice", nb, "manual") is not None
    room = await documents.open("alice", nb)
    async with room.hold() as ynotebook:
        append_source(ynotebook, "\n# one")
    assert [r.kind for r in await first.sweep()] == ["auto"]
    async with room.hold() as ynotebook:
        append_source(ynotebook, "\n# two")
    assert await second.sweep() == []  # the first replica's is younger than 3 s
    await asyncio.sleep(3.1)
    assert [r.kind for r in await first.sweep()] == ["auto"]  # its next sweep keeps "# two"
    assert await second.sweep() == []
    assert [r.kind for r in await first.list("alice", nb)] == ["auto", "auto", "manual"]
    await documents.close()
