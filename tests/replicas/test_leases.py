"""Runtime leases on a real PostgreSQL: one holder at a time, taken over once it lapses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from collaboratory.accounts.models import User
from collaboratory.db import Database, utcnow
from collaboratory.runtimes.lease import LeaseReport, RuntimeLeases
from collaboratory.runtimes.models import RuntimeRecord


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await database.migrate()
    yield database
    await database.dispose()


async def a_runtime(db: Database, name: str) -> str:
    async with db.session() as s:
        user = User(username=name)
        s.add(user)
        await s.flush()
        record = RuntimeRecord(
            kernel_id=f"kernel-{name}",
            user_id=user.id,
            runtime_type="cpu",
            backend="gateway",
            expires_at=utcnow() + timedelta(hours=1),
        )
        s.add(record)
        await s.flush()
        return record.id


SEEN = utcnow()


def report(runtime_id: str, state: str = "busy") -> dict[str, LeaseReport]:
    return {runtime_id: LeaseReport(state, SEEN)}


async def test_one_replica_holds_a_runtime_until_its_lease_lapses(db: Database) -> None:
    runtime_id = await a_runtime(db, "ada")
    first, second = RuntimeLeases(db, seconds=0.5), RuntimeLeases(db, seconds=0.5)
    # Both claim at once: exactly one wins.
    won = await asyncio.gather(first.claim(runtime_id), second.claim(runtime_id))
    assert sorted(won) == [False, True]
    holder, other = (first, second) if won[0] else (second, first)
    assert await holder.claim(runtime_id)  # claiming again is renewing
    assert await holder.renew(report(runtime_id)) == {runtime_id}
    assert await other.renew(report(runtime_id, "ready")) == set()
    assert await other.unheld([runtime_id]) == set()
    [seen] = (await other.held_elsewhere([runtime_id])).values()  # the holder's report only
    assert (seen.state, seen.last_activity) == ("busy", SEEN)
    assert await holder.held_elsewhere([runtime_id]) == {}

    await asyncio.sleep(0.7)  # the holder stopped renewing (it died)
    assert await other.unheld([runtime_id]) == {runtime_id}
    assert await other.claim(runtime_id)
    assert await holder.renew(report(runtime_id)) == set()  # it learns it lost the runtime
    assert not await holder.claim(runtime_id)


async def test_a_released_lease_is_claimed_at_once_and_a_deleted_runtime_takes_it(
    db: Database,
) -> None:
    runtime_id = await a_runtime(db, "bob")
    first, second = RuntimeLeases(db), RuntimeLeases(db)
    assert await first.claim(runtime_id)
    await second.release(runtime_id)  # not its lease: nothing happens
    assert not await second.claim(runtime_id)
    await first.release(runtime_id)  # a clean shutdown
    assert await second.claim(runtime_id)
    async with db.session() as s:
        await s.delete(await s.get(RuntimeRecord, runtime_id))
    assert await second.unheld([runtime_id]) == {runtime_id}
    assert not await first.claim(runtime_id)  # no runtime, no lease
