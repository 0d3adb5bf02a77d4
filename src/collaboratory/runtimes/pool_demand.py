"""How big the warm pool should be: it follows recent demand, within free memory.

A connect that finds the pool empty waits for a cold start, and cold starts share the CPU: 30 at
once on 2 cores take seconds each. So the pool holds as many runtimes as the busiest
``BURST_WINDOW`` of connects recently asked for; that peak counts for less as it ages (it halves
every ``HALF_LIFE``), so an idle pool shrinks back to its configured floor. Growth stops where
the machine's free memory ends: an idle runtime is budgeted at ``IDLE_RUNTIME_BYTES`` and a share
of the machine is always left free.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Connects this close together need runtimes at the same time: a minute, because a wave of new
# users spreads over tens of seconds on a busy server, and refilling takes that long too.
BURST_WINDOW = 60.0
HALF_LIFE = 600.0  # seconds for a peak of demand to count half as much
HORIZON = 8 * HALF_LIFE  # older connects count for under 1/256: forgotten
# An idle runtime measures ~37 MiB PSS (PERFORMANCE.md, "Memory of an idle runtime"); the
# budget leaves room for the kernel's first imports.
IDLE_RUNTIME_BYTES = 64 * 1024 * 1024
RESERVE_FRACTION = 0.25  # of the machine's memory, never spent on warm runtimes
MIN_RESERVE_BYTES = 1024 * 1024 * 1024


def peak_demand(
    times: Sequence[float],
    now: float,
    window: float = BURST_WINDOW,
    half_life: float = HALF_LIFE,
) -> float:
    """The most connects that fell within one ``window`` (``times`` ascending), each such peak
    weighted down by its age: ``count * 0.5 ** (age / half_life)``."""
    peak, first = 0.0, 0
    for last, at in enumerate(times):
        while at - times[first] > window:
            first += 1
        weight = 0.5 ** (max(0.0, now - at) / half_life)
        peak = max(peak, (last - first + 1) * weight)
    return peak


def target_size(floor: int, ceiling: int, demand: float) -> int:
    """Runtimes to hold: the demand rounded up, at least ``floor`` and at most ``ceiling``
    (a ceiling below the floor leaves the floor)."""
    wanted = math.ceil(demand - 1e-9)  # 29.9999 runtimes is 30, not 31
    return max(floor, min(wanted, ceiling))


def change(size: int, floor: int, target: int, memory_room: int) -> int:
    """How many runtimes to start (positive) or stop (negative) when ``size`` are ready: as
    many as ``memory_room`` allows, and up to ``floor`` whatever the memory (the operator asked
    for them)."""
    if size < target:
        return max(floor - size, min(target - size, memory_room), 0)
    return target - size


def memory_room(meminfo: Path = Path("/proc/meminfo")) -> int:
    """How many more idle runtimes free memory allows, keeping the reserve free."""
    try:
        figures = {
            line.split(":")[0]: int(line.split()[1]) * 1024
            for line in meminfo.read_text().splitlines()
            if line.endswith("kB")
        }
        total, available = figures["MemTotal"], figures["MemAvailable"]
    except (OSError, KeyError, ValueError, IndexError):
        return 0  # cannot tell: grow no further than the configured floor
    reserve = max(MIN_RESERVE_BYTES, int(total * RESERVE_FRACTION))
    return max(0, (available - reserve) // IDLE_RUNTIME_BYTES)


@dataclass
class DemandHistory:
    """When connects asked the pool for a runtime of one type (served or not)."""

    times: deque[float]

    @classmethod
    def empty(cls) -> DemandHistory:
        return cls(deque())

    def record(self, at: float) -> None:
        self.times.append(at)
        while self.times and at - self.times[0] > HORIZON:
            self.times.popleft()

    def peak(self, now: float) -> float:
        return peak_demand(list(self.times), now)
