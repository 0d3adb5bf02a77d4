"""The Alembic migrations create exactly the schema the models describe; SQLite runs in WAL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection

from collaboratory.db import Database
from collaboratory.db.models import metadata


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"render_as_batch": True})
    return list(compare_metadata(context, metadata))


async def test_migrations_match_models(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        await db.migrate()
        await db.migrate()  # idempotent: a restart finds nothing to do
        async with db.engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
        assert mode == "wal" and keys == 1
    finally:
        await db.dispose()
