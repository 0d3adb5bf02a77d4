"""The snapshot + update log, on SQLite here and on PostgreSQL in test_postgres_store."""

from __future__ import annotations

import pytest

from collaboratory.db import Database
from collaboratory.documents.store import DocumentStore
from tests.documents.conftest import a_notebook


async def test_append_load_compact(db: Database) -> None:
    store = DocumentStore(db)
    nb = await a_notebook(db)
    assert await store.load(nb) == (None, [], 0)
    with pytest.raises(LookupError):
        await store.append(nb, b"u0")
    assert await store.create(nb, b"snap0")
    assert not await store.create(nb, b"other")  # the first document stays
    assert [await store.append(nb, u) for u in (b"u1", b"u2", b"u3")] == [1, 2, 3]
    assert await store.load(nb) == (b"snap0", [b"u1", b"u2", b"u3"], 3)
    await store.compact(nb, b"snap2", 2)
    assert await store.load(nb) == (b"snap2", [b"u3"], 3)
    assert await store.append(nb, b"u4") == 4
    await store.compact(nb, b"snap4", 4)
    assert await store.load(nb) == (b"snap4", [], 4)
    assert await store.append(nb, b"u5") == 5  # numbering goes on after an empty log
    await store.compact(nb, b"stale", 3)  # an older snapshot never replaces a newer one
    assert await store.load(nb) == (b"snap4", [b"u5"], 5)
