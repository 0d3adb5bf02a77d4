from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from collaboratory.accounts.models import User
from collaboratory.db import Database, new_id
from collaboratory.drive.models import NOTEBOOK, Item
from tests.clients import ApiClient, notebook_bytes


async def token_of(client: ApiClient) -> str:
    response = await client.post("/api/tokens", json={"name": "sync"})
    assert response.status_code in (200, 201), response.text
    return str(response.json()["token"])


async def upload_notebook(client: ApiClient, content: bytes | None = None) -> str:
    response = await client.upload("nb.ipynb", content or notebook_bytes())
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await database.migrate()
    yield database
    await database.dispose()


async def a_notebook(db: Database) -> str:
    async with db.session() as s:
        user = User(username=f"u{new_id()[:16]}")  # id() of a freed object can come back
        s.add(user)
        await s.flush()
        item = Item(owner_id=user.id, kind=NOTEBOOK, name="nb.ipynb")
        s.add(item)
        await s.flush()
        return item.id
