"""Why a runtime died: its limits' counters (cgroup v1 and v2), judged and worded as Colab does."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from collaboratory.runtimes.crash import (
    OOM,
    Crash,
    LimitEvents,
    cell_note,
    crash_message,
    diagnose,
)
from collaboratory.runtimes.sandbox import LimitGroup, Limits, SandboxProvisioner
from collaboratory.runtimes.sandbox.choose import default_limiter
from tests.runtimes.conftest import Runtime, StartRuntime

MiB = 1024 * 1024


def write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


def test_v2_counters_are_read_from_memory_and_pids_events(tmp_path: Path) -> None:
    directory = write(
        tmp_path / "k1",
        {
            "memory.events": "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n",
            "memory.max": str(256 * MiB),
            "memory.peak": str(256 * MiB),
            "pids.events": "max 3\n",
            "pids.max": "64\n",
        },
    )
    events = LimitGroup(dirs=[directory]).events()
    assert events == LimitEvents(
        measured=True,
        oom_kills=1,
        memory_max_hits=12,
        memory_peak_bytes=256 * MiB,
        memory_limit_bytes=256 * MiB,
        pids_max_hits=3,
        pids_limit=64,
    )


def test_v1_counters_come_from_each_hierarchy(tmp_path: Path) -> None:
    memory = write(
        tmp_path / "memory" / "k1",
        {
            "memory.oom_control": "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n",
            "memory.failcnt": "40\n",
            "memory.max_usage_in_bytes": str(128 * MiB),
            "memory.limit_in_bytes": str(128 * MiB),
        },
    )
    pids = write(tmp_path / "pids" / "k1", {"pids.events": "max 0\n", "pids.max": "max\n"})
    cpu = write(tmp_path / "cpu" / "k1", {"cpu.cfs_quota_us": "100000"})
    events = LimitGroup(dirs=[memory, cpu, pids]).events()
    assert (events.oom_kills, events.memory_max_hits, events.memory_limit_bytes) == (
        2,
        40,
        128 * MiB,
    )
    assert (events.pids_max_hits, events.pids_limit) == (0, None)  # "max": no limit
    assert diagnose(events) == Crash("oom", 128 * MiB)


def test_v1_without_an_oom_kill_counter_judges_by_usage_at_the_limit(tmp_path: Path) -> None:
    files = {
        "memory.oom_control": "oom_kill_disable 0\nunder_oom 0\n",  # Linux before 4.13
        "memory.failcnt": "7",
        "memory.max_usage_in_bytes": str(128 * MiB),
        "memory.limit_in_bytes": str(128 * MiB),
    }
    assert LimitGroup(dirs=[write(tmp_path / "a", files)]).events().oom_kills == 1
    files["memory.max_usage_in_bytes"] = str(100 * MiB)
    assert LimitGroup(dirs=[write(tmp_path / "b", files)]).events().oom_kills == 0


def test_without_cgroups_nothing_is_measured(tmp_path: Path) -> None:
    assert LimitGroup().events() == LimitEvents()
    assert LimitGroup(dirs=[tmp_path / "gone"]).events() == LimitEvents()
    assert diagnose(LimitEvents()) == Crash(None)


def test_the_reasons_in_order_of_evidence() -> None:
    both = LimitEvents(measured=True, oom_kills=1, pids_max_hits=5, pids_limit=64)
    assert diagnose(both).reason == "oom"  # the kill is certain, a fork failure is not fatal
    pids = LimitEvents(measured=True, pids_max_hits=5, pids_limit=64)
    assert diagnose(pids) == Crash("pids", 64)
    assert (
        diagnose(LimitEvents(), disk_bytes=100 * MiB, disk_limit_bytes=100 * MiB).reason == "disk"
    )
    assert diagnose(LimitEvents(), disk_bytes=10 * MiB, disk_limit_bytes=100 * MiB).reason is None
    assert diagnose(LimitEvents(), disk_bytes=10 * MiB, disk_limit_bytes=None).reason is None


def test_messages_say_it_as_colab_does() -> None:
    oom = crash_message(Crash("oom", 4096 * MiB), highram="CPU (High-RAM)")
    assert oom.startswith(f"{OOM} This runtime has 4 GB of RAM.")
    assert (
        "switch to a High-RAM runtime type: Runtime › Change runtime type › CPU (High-RAM)" in oom
    )
    already_high = crash_message(Crash("oom", 16384 * MiB))
    assert already_high.startswith(OOM) and "High-RAM" not in already_high
    assert "Restart session" in already_high
    pids = crash_message(Crash("pids", 512))
    assert pids.startswith("Your session crashed after starting too many processes (limit 512).")
    disk = crash_message(Crash("disk", 10240 * MiB))
    assert "Your runtime's disk is full (10 GB): delete files in /content" in disk
    unknown = crash_message(Crash(None))
    assert unknown.startswith("Your session crashed for an unknown reason.")
    assert "out of memory" not in unknown  # no guess without evidence
    killed = crash_message(Crash(None, exit_signal=signal.SIGKILL))
    assert "killed (SIGKILL)" in killed and "usually means" in killed


def test_cell_notes_for_limits_the_kernel_survived() -> None:
    enospc = {"ename": "OSError", "evalue": "[Errno 28] No space left on device"}
    note = cell_note(enospc, None, disk_limit_bytes=512 * MiB)
    assert note is not None and note.startswith("Your runtime's disk is full (512 MB)")
    eagain = {"ename": "BlockingIOError", "evalue": "[Errno 11] Resource temporarily unavailable"}
    hit = LimitEvents(measured=True, pids_max_hits=1, pids_limit=64)
    note = cell_note(eagain, hit)
    assert note is not None and "limit of 64 processes and threads" in note
    assert cell_note(eagain, LimitEvents(measured=True)) is None  # not the pids limit: no blame
    thread = {"ename": "RuntimeError", "evalue": "can't start new thread"}
    assert cell_note(thread, hit) is not None
    assert cell_note({"ename": "ZeroDivisionError", "evalue": "division by zero"}, hit) is None


def group_of(runtime: Runtime) -> LimitGroup:
    provisioner = runtime.km.provisioner
    assert isinstance(provisioner, SandboxProvisioner) and provisioner.limits_group is not None
    return provisioner.limits_group


HOG = "hog = bytearray(1024 * 1024 * 1024)\nhog[:] = b'1' * len(hog)\nprint('allocated')"


async def test_an_oom_killed_kernel_says_oom(start_runtime: StartRuntime) -> None:
    if "memory" not in default_limiter().enforces():
        pytest.skip(f"no cgroup limits memory here ({default_limiter().describe()})")
    runtime = await start_runtime("oom", limits=Limits(memory_bytes=192 * MiB))
    result = await runtime.run(HOG, seconds=60)
    assert result.died and "allocated" not in result.stdout, result
    events = await asyncio.to_thread(group_of(runtime).events)
    assert events.measured and events.oom_kills >= 1, events
    assert diagnose(events) == Crash("oom", 192 * MiB)


async def test_a_process_bomb_counts_against_the_pids_limit(start_runtime: StartRuntime) -> None:
    if "pids" not in default_limiter().enforces():
        pytest.skip(f"no cgroup limits processes here ({default_limiter().describe()})")
    runtime = await start_runtime("bomb", limits=Limits(pids=48))
    assert (await asyncio.to_thread(group_of(runtime).events)).pids_max_hits == 0
    code = """
import subprocess
procs = []
try:
    for _ in range(500):
        procs.append(subprocess.Popen(["sleep", "30"]))
finally:
    for p in procs:
        p.kill()
        p.wait()
"""
    result = await runtime.run(code)
    assert not result.died and (result.error or "").startswith("BlockingIOError"), result
    events = await asyncio.to_thread(group_of(runtime).events)
    assert events.pids_max_hits >= 1 and events.pids_limit == 48, events
    assert result.error is not None
    ename, _, evalue = result.error.partition(": ")
    note = cell_note({"ename": ename, "evalue": evalue}, events)
    assert note is not None and "limit of 48 processes" in note
