"""The limiters: cgroup v1 and v2 on fake file systems, rlimits and the real machine."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from collaboratory.config.settings import default_runtime_types
from collaboratory.runtimes.sandbox import Limits, select_limiter
from collaboratory.runtimes.sandbox.cgroup_v1 import CgroupV1Limiter
from collaboratory.runtimes.sandbox.cgroup_v2 import CgroupV2Limiter
from collaboratory.runtimes.sandbox.rlimit import RlimitLimiter

LIMITS = Limits(memory_bytes=256 * 2**20, cpus=1.5, pids=64)
RUNTIME_TYPES = default_runtime_types()


def fake_v1(tmp_path: Path, controllers: tuple[str, ...]) -> tuple[Path, Path]:
    root = tmp_path / "cgroup"
    for name in controllers:
        (root / name / "srv").mkdir(parents=True)
        (root / name / "cgroup.procs").write_text("")
    proc = tmp_path / "proc_cgroup"
    proc.write_text("".join(f"{i}:{c}:/srv\n" for i, c in enumerate(controllers)) + "0::/\n")
    return root, proc


def test_v1_writes_each_limit_into_its_hierarchy(tmp_path: Path) -> None:
    root, proc = fake_v1(tmp_path, ("memory", "cpu", "pids"))
    limiter = CgroupV1Limiter(root, proc)
    assert limiter.enforces() == {"memory", "cpu", "pids"}
    group = limiter.create("k1", LIMITS)
    base = "srv/collaboratory/k1"
    assert (root / "memory" / base / "memory.limit_in_bytes").read_text() == str(256 * 2**20)
    assert (root / "cpu" / base / "cpu.cfs_quota_us").read_text() == "150000"
    assert (root / "pids" / base / "pids.max").read_text() == "64"
    assert group.rlimits == []
    assert limiter.describe() == "cgroup v1: memory, cpu, pids enforced"


def test_v1_without_memory_limits_address_space_instead(tmp_path: Path) -> None:
    root, proc = fake_v1(tmp_path, ("pids",))
    limiter = CgroupV1Limiter(root, proc)
    group = limiter.create("k1", LIMITS)
    assert group.rlimits and group.rlimits[0][1] == 256 * 2**20
    assert "NOT enforced: cpu" in limiter.describe()
    assert "RLIMIT_AS" in limiter.describe()


def test_v2_enables_controllers_and_writes_limits(tmp_path: Path) -> None:
    root = tmp_path / "cgroup"
    own = root / "srv"
    own.mkdir(parents=True)
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (own / "cgroup.controllers").write_text("cpu memory pids\n")
    proc = tmp_path / "proc_cgroup"
    proc.write_text("0::/srv\n")
    limiter = CgroupV2Limiter(root, proc)
    assert limiter.enforces() == {"memory", "cpu", "pids"}
    assert (own / "cgroup.subtree_control").read_text() == "+cpu +memory +pids"
    group = limiter.create("k1", LIMITS)
    directory = own / "collaboratory" / "k1"
    assert (directory / "memory.max").read_text() == str(256 * 2**20)
    assert (directory / "cpu.max").read_text() == "150000 100000"
    assert (directory / "pids.max").read_text() == "64"
    assert group.procs_files == [directory / "cgroup.procs"]


def test_auto_falls_back_to_rlimits_without_cgroups(tmp_path: Path) -> None:
    proc = tmp_path / "proc_cgroup"
    proc.write_text("0::/\n")
    limiter = select_limiter(root=tmp_path / "nothing", proc_cgroup=proc)
    assert isinstance(limiter, RlimitLimiter)
    assert limiter.describe() == (
        "rlimit fallback: nothing enforced; memory limited per process by RLIMIT_AS, except in "
        "accelerator runtimes; "
        "NOT enforced: cpu, pids (no writable cgroup controller)"
    )


def test_accelerator_runtimes_get_no_address_space_cap(caplog: pytest.LogCaptureFixture) -> None:
    cpu, gpu = (Limits.for_runtime_type(t) for t in (RUNTIME_TYPES["cpu"], RUNTIME_TYPES["gpu"]))
    assert cpu.address_space_cap and not gpu.address_space_cap
    assert RlimitLimiter().create("cpu-runtime", cpu).rlimits == [
        (resource.RLIMIT_AS, cpu.memory_bytes)
    ]
    assert RlimitLimiter().create("gpu-runtime", gpu).rlimits == []  # CUDA could not start
    assert "gpu-runtime: memory is not limited" in caplog.text
    assert Limits(**gpu.to_config()) == gpu  # as a re-adopting server reads it back


def test_rlimit_group_stops_a_hog_in_the_child() -> None:
    group = RlimitLimiter().create("k", Limits(memory_bytes=512 * 2**20))
    hog = "b = b'x' * (1024 * 1024 * 1024)"
    done = subprocess.run(
        [sys.executable, "-c", hog], preexec_fn=group.enter, capture_output=True, timeout=30
    )
    assert done.returncode != 0 and b"MemoryError" in done.stderr


def test_real_cgroups_hold_the_child_when_the_machine_allows(tmp_path: Path) -> None:
    limiter = select_limiter()
    if not limiter.enforces():
        pytest.skip(f"no writable cgroups here: {limiter.describe()}")
    group = limiter.create(f"test-{tmp_path.name}", Limits(pids=32))
    try:
        child = subprocess.Popen(["sleep", "30"], preexec_fn=group.enter)
        assert child.pid in group.pids()
        child.kill()
        child.wait()
    finally:
        assert group.remove()
