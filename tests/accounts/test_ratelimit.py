"""The sign-in throttle: per (user name, address) backoff, a per-address limit, no lock-out."""

from __future__ import annotations

import pytest

from collaboratory.accounts.ratelimit import LoginRateLimiter, address_key
from collaboratory.errors import RateLimited


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limiter(
    attempts: int = 3, window: int = 300, factor: int = 5
) -> tuple[LoginRateLimiter, Clock]:
    clock = Clock()
    return LoginRateLimiter(attempts, window, per_address_factor=factor, clock=clock), clock


def retry_after(lim: LoginRateLimiter, user: str, address: str) -> int | None:
    try:
        lim.check(user, address)
    except RateLimited as exc:
        return exc.retry_after
    return None


def test_free_attempts_then_waits_that_double_up_to_the_window() -> None:
    lim, clock = limiter(attempts=3, window=20)
    waits: list[int | None] = []
    for _ in range(10):
        clock.now += (waits[-1] or 0) if waits else 0  # each try waits out the last wait
        assert retry_after(lim, "alice", "10.0.0.1") is None
        lim.record_failure("alice", "10.0.0.1")
        waits.append(retry_after(lim, "alice", "10.0.0.1"))
    assert waits == [None, None, 1, 2, 4, 8, 16, 20, 20, 20]


def test_a_stranger_never_locks_the_owner_out() -> None:
    lim, _ = limiter()
    for _ in range(20):
        if retry_after(lim, "alice", "203.0.113.9") is None:
            lim.record_failure("alice", "203.0.113.9")
    assert retry_after(lim, "alice", "203.0.113.9") is not None
    assert retry_after(lim, "alice", "198.51.100.7") is None  # the owner, elsewhere
    assert retry_after(lim, "bob", "203.0.113.9") is None  # other accounts, from the attacker


def test_success_resets_only_its_own_pair() -> None:
    lim, clock = limiter()
    for _ in range(3):
        lim.record_failure("alice", "10.0.0.1")
        lim.record_failure("alice", "10.0.0.2")
    lim.record_success("alice", "10.0.0.1")
    assert retry_after(lim, "alice", "10.0.0.1") is None
    assert retry_after(lim, "alice", "10.0.0.2") == 1
    clock.now += 1
    lim.record_failure("alice", "10.0.0.1")  # counted from one again: no wait
    assert retry_after(lim, "alice", "10.0.0.1") is None


def test_failures_are_forgotten_a_window_after_the_last_wait() -> None:
    lim, clock = limiter(attempts=2, window=60)
    for _ in range(2):
        lim.record_failure("alice", "10.0.0.1")
    assert retry_after(lim, "alice", "10.0.0.1") == 1
    clock.now += 1 + 59
    lim.record_failure("alice", "10.0.0.1")  # still remembered: the third failure waits 2 s
    assert retry_after(lim, "alice", "10.0.0.1") == 2
    clock.now += 2 + 60
    lim.record_failure("alice", "10.0.0.1")  # forgotten: this is the first failure again
    assert retry_after(lim, "alice", "10.0.0.1") is None


def test_an_address_spraying_many_user_names_is_limited() -> None:
    lim, clock = limiter(attempts=2, window=100, factor=3)
    for n in range(6):
        assert retry_after(lim, f"user{n}", "10.0.0.1") is None
        lim.record_failure(f"user{n}", "10.0.0.1")
        clock.now += 10
    assert retry_after(lim, "someone-else", "10.0.0.1") == 40  # when the first failure ages out
    assert retry_after(lim, "someone-else", "10.0.0.2") is None
    clock.now += 40
    assert retry_after(lim, "someone-else", "10.0.0.1") is None


def test_ipv6_counts_by_its_64_network() -> None:
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::2")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("unknown") == "unknown"
    lim, _ = limiter(attempts=1)
    lim.record_failure("alice", "2001:db8:1:2::1")
    assert retry_after(lim, "alice", "2001:db8:1:2::99") == 1


@pytest.mark.parametrize("failures", [1, 5, 64, 10_000])
def test_the_wait_never_exceeds_the_window(failures: int) -> None:
    lim, _ = limiter(attempts=1, window=300)
    assert 0 < lim.delay_after(failures) <= 300
