"""The async engine and session factory, with SQLite tuned for a server (WAL, foreign keys)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from collaboratory.db.migrate import upgrade_to_head

MIGRATION_LOCK = 0x436F6C6C  # a PostgreSQL advisory lock key of our own ("Coll")


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Database:
    """Owns the engine; hands out sessions; migrates the schema at start."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, Any] = {}
        if not self.is_sqlite:
            kwargs["pool_pre_ping"] = True
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _tune_sqlite)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_turns: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None

    async def migrate(self) -> None:
        async with self.engine.begin() as connection:
            if not self.is_sqlite:  # replicas starting together migrate one after another
                await connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
            await connection.run_sync(upgrade_to_head)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session in a transaction: committed on success, rolled back on error."""
        async with self._sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A session for the frequent writes (a document's update log). On SQLite this
        process's writers take turns here, first come first served, instead of meeting at the
        file's write lock, where SQLite's busy handler sleeps up to 100 ms a try: under load
        (bench/load.py) that made the slowest edits wait a second. PostgreSQL locks rows."""
        if not self.is_sqlite:
            async with self.session() as session:
                yield session
            return
        async with self._write_turn(), self.session() as session:
            yield session

    def _write_turn(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()  # a lock belongs to one loop; tests run several
        if self._write_turns is None or self._write_turns[0] is not loop:
            self._write_turns = (loop, asyncio.Lock())
        return self._write_turns[1]

    async def dispose(self) -> None:
        await self.engine.dispose()
