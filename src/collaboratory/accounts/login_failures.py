"""Failed sign-ins counted in the database, so that replicas on one PostgreSQL throttle together.

The policy is :class:`~collaboratory.accounts.ratelimit.LoginRateLimiter`'s. Times are seconds
since the epoch (replicas share no monotonic clock). Rows a window past mattering are deleted
as failures come, so the tables hold only what is being counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from collaboratory.accounts.models import LoginFailure, LoginFailurePair
from collaboratory.accounts.ratelimit import LoginRateLimiter, Pair
from collaboratory.db import Database

NAME_CHARS = 255  # a longer name belongs to no account; its failures still count


class DatabaseLoginLimiter(LoginRateLimiter):
    def __init__(
        self,
        db: Database,
        attempts: int,
        window_seconds: int,
        per_address_factor: int = 5,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(attempts, window_seconds, per_address_factor, clock)
        self.db = db

    async def _pair(self, username: str, addr: str) -> Pair | None:
        async with self.db.session() as s:
            row = await s.get(LoginFailurePair, (username[:NAME_CHARS], addr))
            return None if row is None else Pair(row.failures, row.wait_until)

    async def _address_failures(self, addr: str, since: float) -> tuple[int, float]:
        query = select(func.count(), func.min(LoginFailure.at)).where(
            LoginFailure.address == addr, LoginFailure.at > since
        )
        async with self.db.session() as s:
            count, oldest = (await s.execute(query)).one()
        return int(count), float(oldest or 0.0)

    async def _add_failure(self, username: str, addr: str, now: float) -> None:
        try:
            await self._count(username[:NAME_CHARS], addr, now)
        except IntegrityError:  # another replica counted the pair's first failure meanwhile
            await self._count(username[:NAME_CHARS], addr, now)

    async def _count(self, username: str, addr: str, now: float) -> None:
        async with self.db.session() as s:
            key = (username, addr)
            row = await s.get(LoginFailurePair, key, with_for_update=True, populate_existing=True)
            before = None if row is None else Pair(row.failures, row.wait_until)
            pair = self.after_failure(before, now)
            if row is None:
                s.add(LoginFailurePair(username=username, address=addr, failures=pair.failures,
                                       wait_until=pair.wait_until))  # fmt: skip
            else:
                row.failures, row.wait_until = pair.failures, pair.wait_until
            s.add(LoginFailure(address=addr, at=now))
            forgotten = now - self.window
            await s.execute(delete(LoginFailure).where(LoginFailure.at <= forgotten))
            await s.execute(
                delete(LoginFailurePair).where(LoginFailurePair.wait_until <= forgotten)
            )

    async def _forget_pair(self, username: str, addr: str) -> None:
        async with self.db.session() as s:
            await s.execute(
                delete(LoginFailurePair).where(
                    LoginFailurePair.username == username[:NAME_CHARS],
                    LoginFailurePair.address == addr,
                )
            )
