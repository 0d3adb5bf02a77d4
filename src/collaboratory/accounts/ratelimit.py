"""A sliding-window limit on failed sign-ins, per user name and per client address.

Kept in process memory: a server replica limits what reaches it, which is what matters for
password guessing, and nothing needs to survive a restart.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque

from collaboratory.errors import RateLimited


class LoginRateLimiter:
    def __init__(self, attempts: int, window_seconds: int, per_address_factor: int = 5) -> None:
        self.window = window_seconds
        self.limits = {"user": attempts, "addr": attempts * per_address_factor}
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return deque()
        return failures

    def check(self, username: str, address: str) -> None:
        """Raise RateLimited when either key has used up its failures in the window."""
        now = time.monotonic()
        for key in (("user", username), ("addr", address)):
            failures = self._recent(key, now)
            if len(failures) >= self.limits[key[0]]:
                retry = int(failures[0] + self.window - now) + 1
                raise RateLimited(
                    f"Too many failed sign-ins. Wait {retry} seconds and try again.",
                    retry_after=retry,
                )

    def record_failure(self, username: str, address: str) -> None:
        now = time.monotonic()
        for key in (("user", username), ("addr", address)):
            self._failures[key].append(now)

    def record_success(self, username: str) -> None:
        self._failures.pop(("user", username), None)
