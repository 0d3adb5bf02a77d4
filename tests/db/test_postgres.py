"""The same service on PostgreSQL: migrations, accounts and Drive tests re-run against it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from collaboratory.accounts.login_failures import DatabaseLoginLimiter
from collaboratory.db import Database
from collaboratory.errors import RateLimited
from tests.db.postgres import new_database, postgres_cluster
from tests.db.test_migrations import _diff
from tests.schedules.test_schedules import (  # noqa: F401
    test_schedules_are_made_listed_changed_and_deleted,
    test_two_replicas_fire_a_due_schedule_once,
)

# Imported tests are collected again here, with this module's settings_overrides.
from tests.server.test_accounts_api import (  # noqa: F401
    test_guest_login_moves_notebooks_into_account,
    test_guest_signup_keeps_notebooks,
    test_login_is_rate_limited,
    test_taken_username_is_409,
)
from tests.server.test_drive_api import (  # noqa: F401
    test_create_list_and_open_a_notebook,
    test_move_clash_and_cycle,
    test_rename_and_move,
    test_trash_restore_and_delete_for_good,
)
from tests.server.test_isolation import test_every_route_on_another_users_items_is_404  # noqa: F401
from tests.server.test_uploads_api import test_chunked_upload  # noqa: F401
from tests.server.test_xsrf_and_tokens import (  # noqa: F401
    test_token_authenticates_scripts_without_xsrf,
)


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture
async def database_url(postgres: str) -> str:
    return await new_database(postgres, "collab")


@pytest.fixture
def settings_overrides(database_url: str) -> dict[str, Any]:
    return {"database_url": database_url}


async def test_migrations_match_models_on_postgres(database_url: str, tmp_path: Path) -> None:
    db = Database(database_url)
    try:
        await db.migrate()
        await db.migrate()
        async with db.engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await db.dispose()


async def test_replicas_throttle_failed_sign_ins_together(database_url: str) -> None:
    """Two replicas' limiters on one PostgreSQL: a guesser going round robin between them
    waits as if it met one (N replicas must not allow N times the attempts)."""
    db = Database(database_url)
    await db.migrate()
    first, second = DatabaseLoginLimiter(db, 2, 60), DatabaseLoginLimiter(db, 2, 60)
    try:
        await first.record_failure("alice", "203.0.113.9")
        await second.record_failure("alice", "203.0.113.9")
        with pytest.raises(RateLimited):
            await first.check("alice", "203.0.113.9")
        with pytest.raises(RateLimited):
            await second.check("alice", "203.0.113.9")
        await second.check("alice", "198.51.100.7")  # the owner, elsewhere
        await first.record_success("alice", "203.0.113.9")
        await second.check("alice", "203.0.113.9")
        # both count the first failure of a new pair at once: one row, both failures counted
        await asyncio.gather(
            first.record_failure("bob", "203.0.113.10"),
            second.record_failure("bob", "203.0.113.10"),
        )
        with pytest.raises(RateLimited):
            await first.check("bob", "203.0.113.10")
    finally:
        await db.dispose()
