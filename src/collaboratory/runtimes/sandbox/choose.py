"""Picks the best limiter this machine allows: cgroup v2, then v1, else rlimits."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Literal

from collaboratory.runtimes.sandbox.cgroup_v1 import CgroupV1Limiter
from collaboratory.runtimes.sandbox.cgroup_v2 import CgroupV2Limiter
from collaboratory.runtimes.sandbox.limits import RESOURCES, CgroupLimiter
from collaboratory.runtimes.sandbox.rlimit import RlimitLimiter

log = logging.getLogger(__name__)

LimiterMode = Literal["auto", "cgroup-v2", "cgroup-v1", "rlimit"]


def select_limiter(
    mode: LimiterMode = "auto",
    *,
    root: Path = Path("/sys/fs/cgroup"),
    proc_cgroup: Path = Path("/proc/self/cgroup"),
) -> CgroupLimiter:
    """The limiter for ``mode``; ``auto`` takes the one enforcing most, v2 on a tie."""
    if mode == "rlimit":
        return RlimitLimiter()
    if mode == "cgroup-v2":
        return CgroupV2Limiter(root, proc_cgroup)
    if mode == "cgroup-v1":
        return CgroupV1Limiter(root, proc_cgroup)
    candidates: list[CgroupLimiter] = [
        CgroupV2Limiter(root, proc_cgroup),
        CgroupV1Limiter(root, proc_cgroup),
    ]
    best = max(candidates, key=lambda c: len(c.enforces()))  # max keeps the first on ties
    return best if best.enforces() else RlimitLimiter()


@functools.cache
def default_limiter(mode: LimiterMode = "auto") -> CgroupLimiter:
    """The process-wide limiter for ``mode``, chosen once; warns about what it cannot enforce."""
    limiter = select_limiter(mode)
    if limiter.enforces() != frozenset(RESOURCES):
        log.warning("Runtime resource limits: %s", limiter.describe())
    else:
        log.info("Runtime resource limits: %s", limiter.describe())
    return limiter
