"""Throttles failed sign-ins per (user name, client address), and per address across user names.

Failures are counted for each pair of user name and client address. The first ``attempts``
failures of a pair cost nothing; every further one makes that pair wait 1, 2, 4, … seconds (at
most ``window_seconds``) before its next try. A pair's count is forgotten once it has waited
``window_seconds`` beyond its last wait, and at once when it signs in. Someone guessing from one
address is slowed down without locking the owner out, who signs in from their own address.

An address is also limited to ``attempts * per_address_factor`` failures in a sliding window
across all user names, against trying one password on many accounts (password spraying). Only
the guessing address waits for that. IPv6 addresses count by their /64 network, since one
machine commonly holds a whole /64.

The policy is :class:`LoginRateLimiter`'s; where the counts are kept is its subclasses':
:class:`MemoryLoginLimiter` for one server process (SQLite), and
:class:`~collaboratory.accounts.login_failures.DatabaseLoginLimiter` for replicas on one
PostgreSQL, which then throttle together (N replicas must not allow N times the attempts).
"""

from __future__ import annotations

import ipaddress
import math
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from collaboratory.errors import RateLimited

# Sweep forgotten entries when the tables grow past this, so a flood of names costs no memory.
SWEEP_ABOVE = 10_000


@dataclass(frozen=True)
class Pair:
    """The failures of one (user name, address) pair, and until when it waits."""

    failures: int = 0
    wait_until: float = 0.0


def address_key(address: str) -> str:
    """The address that limits count by: IPv6 addresses by their /64, anything else as is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class LoginRateLimiter(ABC):
    def __init__(
        self,
        attempts: int,
        window_seconds: int,
        per_address_factor: int = 5,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.attempts = attempts
        self.window = window_seconds
        self.address_limit = attempts * per_address_factor
        self.clock = clock

    def delay_after(self, failures: int) -> float:
        """How long a pair waits after its ``failures``-th failure: 0, then 1, 2, 4, … seconds."""
        if failures < self.attempts:
            return 0.0
        return float(min(self.window, 2 ** min(failures - self.attempts, 32)))

    def after_failure(self, pair: Pair | None, now: float) -> Pair:
        """The pair once it failed again at ``now``: counted from one once it was forgotten."""
        forgotten = pair is None or now >= pair.wait_until + self.window
        failures = 1 if pair is None or forgotten else pair.failures + 1
        return Pair(failures, now + self.delay_after(failures))

    async def check(self, username: str, address: str) -> None:
        """Raise RateLimited while the pair waits out its backoff or the address is over limit."""
        now = self.clock()
        addr = address_key(address)
        pair = await self._pair(username, addr)
        if pair is not None and now < pair.wait_until:
            self._refuse(pair.wait_until - now)
        count, oldest = await self._address_failures(addr, now - self.window)
        if count >= self.address_limit:
            self._refuse(oldest + self.window - now)

    async def record_failure(self, username: str, address: str) -> None:
        await self._add_failure(username, address_key(address), self.clock())

    async def record_success(self, username: str, address: str) -> None:
        """A sign-in clears its own pair; the address's count across user names stays."""
        await self._forget_pair(username, address_key(address))

    @staticmethod
    def _refuse(wait: float) -> None:
        retry = max(1, math.ceil(wait))
        raise RateLimited(
            f"Too many failed sign-ins. Wait {retry} seconds and try again.", retry_after=retry
        )

    # -- where the counts are kept --------------------------------------------------------

    @abstractmethod
    async def _pair(self, username: str, addr: str) -> Pair | None: ...

    @abstractmethod
    async def _address_failures(self, addr: str, since: float) -> tuple[int, float]:
        """How many failures came from ``addr`` after ``since``, and when the oldest did."""

    @abstractmethod
    async def _add_failure(self, username: str, addr: str, now: float) -> None:
        """Count a failure of the pair (as :meth:`after_failure` says) and of the address."""

    @abstractmethod
    async def _forget_pair(self, username: str, addr: str) -> None: ...


class MemoryLoginLimiter(LoginRateLimiter):
    """Counts in this process's memory: enough for one server, and lost with it."""

    def __init__(
        self,
        attempts: int,
        window_seconds: int,
        per_address_factor: int = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(attempts, window_seconds, per_address_factor, clock)
        self._pairs: dict[tuple[str, str], Pair] = {}
        self._addresses: dict[str, deque[float]] = {}

    async def _pair(self, username: str, addr: str) -> Pair | None:
        return self._pairs.get((username, addr))

    async def _address_failures(self, addr: str, since: float) -> tuple[int, float]:
        failures = self._recent(addr, since)
        return len(failures), failures[0] if failures else 0.0

    async def _add_failure(self, username: str, addr: str, now: float) -> None:
        if len(self._pairs) + len(self._addresses) > SWEEP_ABOVE:
            self._sweep(now)
        self._pairs[(username, addr)] = self.after_failure(self._pairs.get((username, addr)), now)
        self._addresses.setdefault(addr, deque()).append(now)

    async def _forget_pair(self, username: str, addr: str) -> None:
        self._pairs.pop((username, addr), None)

    def _recent(self, addr: str, since: float) -> deque[float]:
        failures = self._addresses.get(addr)
        if failures is None:
            return deque()
        while failures and failures[0] <= since:
            failures.popleft()
        if not failures:
            del self._addresses[addr]
        return failures

    def _sweep(self, now: float) -> None:
        forgotten = [k for k, p in self._pairs.items() if now >= p.wait_until + self.window]
        for key in forgotten:
            del self._pairs[key]
        for addr in list(self._addresses):
            self._recent(addr, now - self.window)
