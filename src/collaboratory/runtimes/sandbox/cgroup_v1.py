"""Limits through the cgroup v1 hierarchies ``memory``, ``cpu`` and ``pids``."""

from __future__ import annotations

import logging
from pathlib import Path

from collaboratory.runtimes.sandbox import cgroupfs
from collaboratory.runtimes.sandbox.limits import RESOURCES, CgroupLimiter, LimitGroup, Limits

log = logging.getLogger(__name__)


class CgroupV1Limiter(CgroupLimiter):
    """One child cgroup per runtime in each writable hierarchy, below this process's own."""

    name = "cgroup v1"

    def __init__(
        self,
        root: Path = Path("/sys/fs/cgroup"),
        proc_cgroup: Path = Path("/proc/self/cgroup"),
    ) -> None:
        self._bases: dict[str, Path] = {}
        try:
            own = cgroupfs.own_cgroups(proc_cgroup)
        except OSError:
            return
        for res in RESOURCES:
            mount = root / res
            if res not in own or not (mount / "cgroup.procs").exists():
                continue
            base = cgroupfs.below(mount, own[res]) / cgroupfs.PARENT
            try:
                base.mkdir(exist_ok=True)
            except OSError as exc:
                log.debug("cgroup v1 %s is not writable: %s", res, exc)
                continue
            self._bases[res] = base

    def enforces(self) -> frozenset[str]:
        return frozenset(self._bases)

    def _group(self, name: str, limits: Limits) -> LimitGroup:
        group = LimitGroup()
        try:
            for res, base in self._bases.items():
                directory = base / name
                directory.mkdir(exist_ok=True)
                group.dirs.append(directory)
                group.procs_files.append(directory / "cgroup.procs")
                _apply(res, directory, limits)
        except OSError:
            group.remove()
            raise
        return group


def _apply(res: str, directory: Path, limits: Limits) -> None:
    if res == "memory" and limits.memory_bytes is not None:
        cgroupfs.write(directory / "memory.limit_in_bytes", str(limits.memory_bytes))
        memsw = directory / "memory.memsw.limit_in_bytes"
        if memsw.exists():  # only with swap accounting; keeps the hog from swapping instead
            cgroupfs.write(memsw, str(limits.memory_bytes))
    elif res == "cpu" and limits.cpus is not None:
        cgroupfs.write(directory / "cpu.cfs_period_us", str(cgroupfs.CPU_PERIOD_US))
        cgroupfs.write(directory / "cpu.cfs_quota_us", str(cgroupfs.cpu_quota_us(limits.cpus)))
    elif res == "pids" and limits.pids is not None:
        cgroupfs.write(directory / "pids.max", str(limits.pids))
