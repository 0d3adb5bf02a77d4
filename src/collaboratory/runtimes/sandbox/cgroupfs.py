"""Small helpers over the cgroup file system shared by the v1 and v2 limiters."""

from __future__ import annotations

from pathlib import Path

CPU_PERIOD_US = 100_000
PARENT = "collaboratory"


def own_cgroups(proc_cgroup: Path = Path("/proc/self/cgroup")) -> dict[str, str]:
    """This process's cgroup path per controller; the v2 hierarchy is under the key ``""``."""
    paths: dict[str, str] = {}
    for line in proc_cgroup.read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(","):
            paths[controller] = path
    return paths


def below(mount: Path, cgroup_path: str) -> Path:
    return mount / cgroup_path.lstrip("/")


def write(path: Path, value: str) -> None:
    path.write_text(value)


def cpu_quota_us(cpus: float) -> int:
    return max(1000, int(cpus * CPU_PERIOD_US))
