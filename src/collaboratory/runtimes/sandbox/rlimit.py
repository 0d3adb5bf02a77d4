"""The fallback limiter for machines without a writable cgroup: setrlimit in the child."""

from __future__ import annotations

from collaboratory.runtimes.sandbox.limits import CgroupLimiter, LimitGroup, Limits


class RlimitLimiter(CgroupLimiter):
    """Limits memory per process (RLIMIT_AS, added by the base class); nothing else.

    RLIMIT_NPROC is not used for pids: it counts every process of the uid, the server's
    included, and is not enforced at all for root. RLIMIT_CPU caps CPU seconds, not a share.
    """

    name = "rlimit fallback"

    def enforces(self) -> frozenset[str]:
        return frozenset()

    def _group(self, name: str, limits: Limits) -> LimitGroup:
        return LimitGroup()
