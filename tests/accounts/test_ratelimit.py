"""The sign-in throttle: per (user name, address) backoff, a per-address limit, no lock-out.

Every test runs against both places the counts are kept: this process's memory, and the
database (SQLite here; tests/db/test_postgres.py has replicas sharing PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from collaboratory.accounts.login_failures import DatabaseLoginLimiter
from collaboratory.accounts.ratelimit import LoginRateLimiter, MemoryLoginLimiter, address_key
from collaboratory.db import Database
from collaboratory.errors import RateLimited


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


Make = Callable[..., Awaitable[tuple[LoginRateLimiter, Clock]]]


@pytest.fixture(params=["memory", "database"])
async def limiter(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Make]:
    databases: list[Database] = []

    async def make(
        attempts: int = 3, window: int = 300, factor: int = 5
    ) -> tuple[LoginRateLimiter, Clock]:
        clock = Clock()
        if request.param == "memory":
            return MemoryLoginLimiter(attempts, window, factor, clock), clock
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'limits.db'}")
        databases.append(db)
        await db.migrate()
        return DatabaseLoginLimiter(db, attempts, window, factor, clock), clock

    yield make
    for db in databases:
        await db.dispose()


async def retry_after(lim: LoginRateLimiter, user: str, address: str) -> int | None:
    try:
        await lim.check(user, address)
    except RateLimited as exc:
        return exc.retry_after
    return None


async def test_free_attempts_then_waits_that_double_up_to_the_window(limiter: Make) -> None:
    lim, clock = await limiter(attempts=3, window=20)
    waits: list[int | None] = []
    for _ in range(10):
        clock.now += (waits[-1] or 0) if waits else 0  # each try waits out the last wait
        assert await retry_after(lim, "alice", "10.0.0.1") is None
        await lim.record_failure("alice", "10.0.0.1")
        waits.append(await retry_after(lim, "alice", "10.0.0.1"))
    assert waits == [None, None, 1, 2, 4, 8, 16, 20, 20, 20]


async def test_a_stranger_never_locks_the_owner_out(limiter: Make) -> None:
    lim, _ = await limiter()
    for _ in range(20):
        if await retry_after(lim, "alice", "203.0.113.9") is None:
            await lim.record_failure("alice", "203.0.113.9")
    assert await retry_after(lim, "alice", "203.0.113.9") is not None
    assert await retry_after(lim, "alice", "198.51.100.7") is None  # the owner, elsewhere
    assert await retry_after(lim, "bob", "203.0.113.9") is None  # other accounts, from the attacker


async def test_success_resets_only_its_own_pair(limiter: Make) -> None:
    lim, clock = await limiter()
    for _ in range(3):
        await lim.record_failure("alice", "10.0.0.1")
        await lim.record_failure("alice", "10.0.0.2")
    await lim.record_success("alice", "10.0.0.1")
    assert await retry_after(lim, "alice", "10.0.0.1") is None
    assert await retry_after(lim, "alice", "10.0.0.2") == 1
    clock.now += 1
    await lim.record_failure("alice", "10.0.0.1")  # counted from one again: no wait
    assert await retry_after(lim, "alice", "10.0.0.1") is None


async def test_failures_are_forgotten_a_window_after_the_last_wait(limiter: Make) -> None:
    lim, clock = await limiter(attempts=2, window=60)
    for _ in range(2):
        await lim.record_failure("alice", "10.0.0.1")
    assert await retry_after(lim, "alice", "10.0.0.1") == 1
    clock.now += 1 + 59
    await lim.record_failure("alice", "10.0.0.1")  # still remembered: the third failure waits 2 s
    assert await retry_after(lim, "alice", "10.0.0.1") == 2
    clock.now += 2 + 60
    await lim.record_failure("alice", "10.0.0.1")  # forgotten: this is the first failure again
    assert await retry_after(lim, "alice", "10.0.0.1") is None


async def test_an_address_spraying_many_user_names_is_limited(limiter: Make) -> None:
    lim, clock = await limiter(attempts=2, window=100, factor=3)
    for n in range(6):
        assert await retry_after(lim, f"user{n}", "10.0.0.1") is None
        await lim.record_failure(f"user{n}", "10.0.0.1")
        clock.now += 10
    # until the first failure ages out
    assert await retry_after(lim, "someone-else", "10.0.0.1") == 40
    assert await retry_after(lim, "someone-else", "10.0.0.2") is None
    clock.now += 40
    assert await retry_after(lim, "someone-else", "10.0.0.1") is None


async def test_ipv6_counts_by_its_64_network(limiter: Make) -> None:
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::2")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("unknown") == "unknown"
    lim, _ = await limiter(attempts=1)
    await lim.record_failure("alice", "2001:db8:1:2::1")
    assert await retry_after(lim, "alice", "2001:db8:1:2::99") == 1


@pytest.mark.parametrize("failures", [1, 5, 64, 10_000])
async def test_the_wait_never_exceeds_the_window(limiter: Make, failures: int) -> None:
    lim, _ = await limiter(attempts=1, window=300)
    assert 0 < lim.delay_after(failures) <= 300
