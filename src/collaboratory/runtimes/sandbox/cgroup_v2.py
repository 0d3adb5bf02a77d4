"""Limits through the unified cgroup v2 hierarchy."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from collaboratory.runtimes.sandbox import cgroupfs
from collaboratory.runtimes.sandbox.limits import RESOURCES, CgroupLimiter, LimitGroup, Limits

log = logging.getLogger(__name__)


class CgroupV2Limiter(CgroupLimiter):
    """Runtimes in ``<own cgroup>/collaboratory/<name>``; needs a delegated own cgroup."""

    name = "cgroup v2"

    def __init__(
        self,
        root: Path = Path("/sys/fs/cgroup"),
        proc_cgroup: Path = Path("/proc/self/cgroup"),
    ) -> None:
        self._base: Path | None = None
        self._resources: frozenset[str] = frozenset()
        if not (root / "cgroup.controllers").exists():
            return  # not a pure v2 mount (v1 or hybrid)
        try:
            own = cgroupfs.below(root, cgroupfs.own_cgroups(proc_cgroup)[""])
            wanted = frozenset(RESOURCES) & set((own / "cgroup.controllers").read_text().split())
            _enable(own, wanted, may_move_self=True)
            base = own / cgroupfs.PARENT
            base.mkdir(exist_ok=True)
            _enable(base, wanted, may_move_self=False)
        except (OSError, KeyError) as exc:
            log.info("cgroup v2 is not usable for runtime limits: %s", exc)
            return
        self._base, self._resources = base, wanted

    def enforces(self) -> frozenset[str]:
        return self._resources

    def _group(self, name: str, limits: Limits) -> LimitGroup:
        if self._base is None:
            return LimitGroup()
        directory = self._base / name
        directory.mkdir(exist_ok=True)
        group = LimitGroup(procs_files=[directory / "cgroup.procs"], dirs=[directory])
        try:
            self._apply(directory, limits)
        except OSError:
            group.remove()
            raise
        return group

    def _apply(self, directory: Path, limits: Limits) -> None:
        if "memory" in self._resources and limits.memory_bytes is not None:
            cgroupfs.write(directory / "memory.max", str(limits.memory_bytes))
            if (directory / "memory.swap.max").exists():
                cgroupfs.write(directory / "memory.swap.max", "0")
        if "cpu" in self._resources and limits.cpus is not None:
            quota = cgroupfs.cpu_quota_us(limits.cpus)
            cgroupfs.write(directory / "cpu.max", f"{quota} {cgroupfs.CPU_PERIOD_US}")
        if "pids" in self._resources and limits.pids is not None:
            cgroupfs.write(directory / "pids.max", str(limits.pids))


def _enable(cgroup: Path, controllers: frozenset[str], *, may_move_self: bool) -> None:
    """Turn controllers on for the children of ``cgroup``.

    v2 refuses that (EBUSY) while ``cgroup`` itself holds processes, so the server first
    moves itself into a leaf ``server`` child, as a delegated service manager does.
    """
    line = " ".join(f"+{c}" for c in sorted(controllers))
    if not line:
        return
    try:
        cgroupfs.write(cgroup / "cgroup.subtree_control", line)
    except OSError as exc:
        if exc.errno != errno.EBUSY or not may_move_self:
            raise
        leaf = cgroup / "server"
        leaf.mkdir(exist_ok=True)
        cgroupfs.write(leaf / "cgroup.procs", str(os.getpid()))
        cgroupfs.write(cgroup / "cgroup.subtree_control", line)
