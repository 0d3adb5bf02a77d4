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

Kept in process memory: a server replica limits what reaches it, which is what matters for
password guessing, and nothing needs to survive a restart.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from collaboratory.errors import RateLimited

# Sweep forgotten entries when the tables grow past this, so a flood of names costs no memory.
SWEEP_ABOVE = 10_000


@dataclass
class _Pair:
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


class LoginRateLimiter:
    def __init__(
        self,
        attempts: int,
        window_seconds: int,
        per_address_factor: int = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts = attempts
        self.window = window_seconds
        self.address_limit = attempts * per_address_factor
        self.clock = clock
        self._pairs: dict[tuple[str, str], _Pair] = {}
        self._addresses: dict[str, deque[float]] = {}

    def delay_after(self, failures: int) -> float:
        """How long a pair waits after its ``failures``-th failure: 0, then 1, 2, 4, … seconds."""
        if failures < self.attempts:
            return 0.0
        return float(min(self.window, 2 ** min(failures - self.attempts, 32)))

    def check(self, username: str, address: str) -> None:
        """Raise RateLimited while the pair waits out its backoff or the address is over limit."""
        now = self.clock()
        addr = address_key(address)
        pair = self._pairs.get((username, addr))
        if pair is not None and now < pair.wait_until:
            self._refuse(pair.wait_until - now)
        failures = self._recent(addr, now)
        if len(failures) >= self.address_limit:
            self._refuse(failures[0] + self.window - now)

    def record_failure(self, username: str, address: str) -> None:
        now = self.clock()
        addr = address_key(address)
        if len(self._pairs) + len(self._addresses) > SWEEP_ABOVE:
            self._sweep(now)
        pair = self._pairs.get((username, addr))
        if pair is None or self._forgotten(pair, now):
            pair = self._pairs[(username, addr)] = _Pair()
        pair.failures += 1
        pair.wait_until = now + self.delay_after(pair.failures)
        self._addresses.setdefault(addr, deque()).append(now)

    def record_success(self, username: str, address: str) -> None:
        """A sign-in clears its own pair; the address's count across user names stays."""
        self._pairs.pop((username, address_key(address)), None)

    @staticmethod
    def _refuse(wait: float) -> None:
        retry = max(1, math.ceil(wait))
        raise RateLimited(
            f"Too many failed sign-ins. Wait {retry} seconds and try again.", retry_after=retry
        )

    def _forgotten(self, pair: _Pair, now: float) -> bool:
        return now >= pair.wait_until + self.window

    def _recent(self, addr: str, now: float) -> deque[float]:
        failures = self._addresses.get(addr)
        if failures is None:
            return deque()
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._addresses[addr]
        return failures

    def _sweep(self, now: float) -> None:
        for key in [k for k, p in self._pairs.items() if self._forgotten(p, now)]:
            del self._pairs[key]
        for addr in list(self._addresses):
            self._recent(addr, now)
