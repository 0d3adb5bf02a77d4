"""Resource limits of a runtime, and the ``CgroupLimiter`` seam that enforces them."""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import signal
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from collaboratory.runtimes.crash import LimitEvents

if TYPE_CHECKING:
    from collaboratory.config.settings import RuntimeTypeSettings

log = logging.getLogger(__name__)
RESOURCES = ("memory", "cpu", "pids")
MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    memory_bytes: int | None = None
    cpus: float | None = None
    pids: int | None = None
    address_space_cap: bool = True
    """Whether memory may fall back to a per-process address-space cap (RLIMIT_AS) where no
    cgroup enforces it. Not for accelerator runtimes: CUDA (and libtpu) reserve far more
    address space than they use, and fail to initialise under such a cap."""

    @classmethod
    def for_runtime_type(cls, runtime_type: RuntimeTypeSettings) -> Limits:
        return cls(
            runtime_type.memory_mb * MiB,
            runtime_type.cpus,
            runtime_type.pids,
            address_space_cap=runtime_type.accelerator == "none",
        )

    def to_config(self) -> dict[str, Any]:
        return {
            "memory_bytes": self.memory_bytes,
            "cpus": self.cpus,
            "pids": self.pids,
            "address_space_cap": self.address_space_cap,
        }


@dataclass
class LimitGroup:
    """The limits of one runtime: cgroups its process joins and rlimits it sets before exec."""

    procs_files: list[Path] = field(default_factory=list)
    dirs: list[Path] = field(default_factory=list)
    rlimits: list[tuple[int, int]] = field(default_factory=list)

    def enter(self) -> None:
        """Runs in the forked child before exec, so it only makes plain system calls."""
        for procs in self.procs_files:
            fd = os.open(procs, os.O_WRONLY)
            try:
                os.write(fd, b"0")  # "0" moves the writing process itself
            finally:
                os.close(fd)
        for which, value in self.rlimits:
            resource.setrlimit(which, (value, value))

    def pids(self) -> set[int]:
        found: set[int] = set()
        for procs in self.procs_files:
            with contextlib.suppress(OSError):
                found.update(int(p) for p in procs.read_text().split())
        return found

    def kill(self) -> None:
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def events(self) -> LimitEvents:
        """What the group's cgroups counted: OOM kills and the pids limit hit, v1 or v2 alike.

        Each directory is read by the files it has, so a group re-made from its paths after
        a server restart reads the same; without cgroups nothing is ``measured``."""
        found: dict[str, int | None] = {}
        for directory in self.dirs:
            found |= _v2_memory(directory) or _v1_memory(directory) or {}
            found |= _pids(directory) or {}
        return LimitEvents(
            measured=bool(found),
            oom_kills=found.get("oom_kills") or 0,
            memory_max_hits=found.get("memory_max_hits") or 0,
            memory_peak_bytes=found.get("memory_peak_bytes"),
            memory_limit_bytes=found.get("memory_limit_bytes"),
            pids_max_hits=found.get("pids_max_hits") or 0,
            pids_limit=found.get("pids_limit"),
        )

    def remove(self) -> bool:
        """Kill what is left in the cgroups and remove them; False while they are still busy."""
        self.kill()
        removed = True
        for directory in self.dirs:
            try:
                directory.rmdir()
            except FileNotFoundError:
                pass
            except OSError:
                removed = False
        return removed


class CgroupLimiter(ABC):
    """Makes :class:`LimitGroup` s with one mechanism; says what it cannot enforce."""

    name: str

    @abstractmethod
    def enforces(self) -> frozenset[str]:
        """Which of :data:`RESOURCES` this limiter enforces on this machine."""

    @abstractmethod
    def _group(self, name: str, limits: Limits) -> LimitGroup: ...

    def create(self, name: str, limits: Limits) -> LimitGroup:
        """A group named ``name`` (unique per runtime) with ``limits``."""
        group = self._group(name, limits)
        if "memory" not in self.enforces() and limits.memory_bytes is not None:
            if limits.address_space_cap:
                # Address space is a rough stand-in for memory, per process, but stops a hog.
                group.rlimits.append((resource.RLIMIT_AS, limits.memory_bytes))
            else:
                log.warning(
                    "Runtime %s: memory is not limited (no cgroup enforces it here, and an "
                    "address-space cap would keep CUDA from starting)",
                    name,
                )
        return group

    def describe(self) -> str:
        """One line for /api/status: the mechanism, what it enforces and what it cannot."""
        enforced = [r for r in RESOURCES if r in self.enforces()]
        missing = [r for r in RESOURCES if r not in enforced]
        text = f"{self.name}: {', '.join(enforced) or 'nothing'} enforced"
        if "memory" in missing:
            text += "; memory limited per process by RLIMIT_AS, except in accelerator runtimes"
            missing.remove("memory")
        if missing:
            text += f"; NOT enforced: {', '.join(missing)} (no writable cgroup controller)"
        return text


def _keyed(path: Path) -> dict[str, int] | None:
    """A flat-keyed cgroup file ("oom_kill 1" per line); None when it cannot be read."""
    try:
        text = path.read_text()
    except OSError:
        return None
    values: dict[str, int] = {}
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        with contextlib.suppress(ValueError):
            values[key] = int(value)
    return values


def _number(path: Path) -> int | None:
    """A one-value cgroup file; None for "max", no limit or an unreadable file."""
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    try:
        value = int(text)
    except ValueError:
        return None
    return value if value < 2**62 else None  # v1 says "no limit" with a huge number


def _v2_memory(directory: Path) -> dict[str, int | None] | None:
    events = _keyed(directory / "memory.events")
    if events is None:
        return None
    return {
        "oom_kills": events.get("oom_kill", 0),
        "memory_max_hits": events.get("max", 0),
        "memory_peak_bytes": _number(directory / "memory.peak"),
        "memory_limit_bytes": _number(directory / "memory.max"),
    }


def _v1_memory(directory: Path) -> dict[str, int | None] | None:
    control = _keyed(directory / "memory.oom_control")
    if control is None:
        return None
    failures = _number(directory / "memory.failcnt") or 0
    peak = _number(directory / "memory.max_usage_in_bytes")
    limit = _number(directory / "memory.limit_in_bytes")
    kills = control.get("oom_kill")  # Linux 4.13 and later
    if kills is None:  # older: charges failed at the limit and usage got there
        kills = int(failures > 0 and peak is not None and limit is not None and peak >= limit)
    return {
        "oom_kills": kills,
        "memory_max_hits": failures,
        "memory_peak_bytes": peak,
        "memory_limit_bytes": limit,
    }


def _pids(directory: Path) -> dict[str, int | None] | None:
    events = _keyed(directory / "pids.events")  # the same file in v1 and v2
    if events is None:
        return None
    return {"pids_max_hits": events.get("max", 0), "pids_limit": _number(directory / "pids.max")}
