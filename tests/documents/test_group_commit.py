"""SQLite's update log in groups: numbering, one failure apart, a caller that gives up."""

from __future__ import annotations

import asyncio

import pytest

from collaboratory.db import Database
from collaboratory.documents.group_commit import GroupCommit, _Waiting
from collaboratory.documents.store import DocumentStore
from tests.documents.conftest import a_notebook


class CountingGroups(GroupCommit):
    """The real writer, noting the size of each group it commits."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.sizes: list[int] = []

    async def _write(self, group: list[_Waiting]) -> list[int | None]:
        self.sizes.append(len(group))
        return await super()._write(group)


class FailingOnce(CountingGroups):
    async def _write(self, group: list[_Waiting]) -> list[int | None]:
        if not self.sizes:
            self.sizes.append(len(group))
            raise OSError("disk full")
        return await super()._write(group)


async def documents(db: Database, count: int) -> list[str]:
    store = DocumentStore(db)
    notebooks = [await a_notebook(db) for _ in range(count)]
    for notebook in notebooks:
        assert await store.create(notebook, b"snapshot")
    return notebooks


async def test_updates_waiting_together_commit_together_numbered_per_notebook(
    db: Database,
) -> None:
    first, second = await documents(db, 2)
    groups = CountingGroups(db)
    calls = [groups.append(nb, f"{nb}-{i}".encode()) for i in range(5) for nb in (first, second)]
    numbers = await asyncio.gather(*calls)
    assert numbers == [n for n in range(1, 6) for _ in (first, second)]
    assert sum(groups.sizes) == 10 and len(groups.sizes) < 10  # fewer commits than updates
    loaded = await DocumentStore(db).load(first)
    assert loaded.updates == [f"{first}-{i}".encode() for i in range(5)] and loaded.seq == 5
    assert await groups.append(first, b"later") == 6  # numbering goes on after the group


async def test_a_notebook_without_a_document_fails_alone(db: Database) -> None:
    (stored,) = await documents(db, 1)
    missing = await a_notebook(db)
    groups = CountingGroups(db)
    results = await asyncio.gather(
        groups.append(stored, b"a"), groups.append(missing, b"b"), return_exceptions=True
    )
    assert results[0] == 1
    assert isinstance(results[1], LookupError) and "no document" in str(results[1])


async def test_a_failed_commit_fails_its_group_and_the_next_goes_on(db: Database) -> None:
    (notebook,) = await documents(db, 1)
    groups = FailingOnce(db)
    with pytest.raises(OSError, match="disk full"):
        await groups.append(notebook, b"lost")
    assert await groups.append(notebook, b"kept") == 1
    assert (await DocumentStore(db).load(notebook)).updates == [b"kept"]


async def test_a_caller_that_gives_up_leaves_the_others_answered(db: Database) -> None:
    (notebook,) = await documents(db, 1)
    groups = CountingGroups(db)
    impatient = asyncio.create_task(groups.append(notebook, b"first"))
    patient = asyncio.create_task(groups.append(notebook, b"second"))
    await asyncio.sleep(0)
    impatient.cancel()
    assert await patient == 2  # the first was written all the same: a room sends it again
    assert (await DocumentStore(db).load(notebook)).updates == [b"first", b"second"]
