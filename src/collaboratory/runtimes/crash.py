"""Why a runtime died, or why a cell failed against a limit, said as Colab says it.

The evidence comes from the runtime's limits (:class:`LimitEvents`, read from its cgroups by
the sandbox) and its disk figures; this module only judges it and words it. A runtime that died
with no such evidence gets no reason: an honest "unknown", never a guess presented as fact.
"""

from __future__ import annotations

import errno
import signal
from dataclasses import dataclass
from typing import Any, Literal

Reason = Literal["oom", "pids", "disk"]
REASONS: tuple[Reason, ...] = ("oom", "pids", "disk")
CRASH_ENAME = "SessionCrashed"

OOM = "Your session crashed after using all available RAM."
UNKNOWN = "Your session crashed for an unknown reason."
DISK_FULL_SHARE = 0.99  # a disk this full counts as full: the quota rounds to blocks
CHANGE_TYPE = "Runtime › Change runtime type"
RESTART = "Runtime › Restart session"


@dataclass(frozen=True)
class LimitEvents:
    """What a runtime's limits counted since they were set (cgroup counters and limits).

    ``measured`` is False where no cgroup counted anything (the rlimit fallback, a backend
    that cannot tell): zeros then mean "unknown", not "never"."""

    measured: bool = False
    oom_kills: int = 0
    memory_max_hits: int = 0  # how often usage reached the limit (v2 "max", v1 failcnt)
    memory_peak_bytes: int | None = None
    memory_limit_bytes: int | None = None
    pids_max_hits: int = 0  # how often a fork or clone failed at the limit
    pids_limit: int | None = None
    exit_signal: int | None = None  # the kernel process was killed by this signal, if known


@dataclass(frozen=True)
class Crash:
    """Why a runtime died: a reason (or None for unknown) and the limit it ran into."""

    reason: Reason | None
    limit: int | None = None  # bytes for "oom" and "disk", a count for "pids"
    exit_signal: int | None = None


def diagnose(
    events: LimitEvents | None,
    disk_bytes: int | None = None,
    disk_limit_bytes: int | None = None,
) -> Crash:
    """The likeliest reason from the evidence: an OOM kill, then the pids limit, then a full
    disk; none when nothing points at a limit."""
    events = events or LimitEvents()
    if events.oom_kills > 0:
        return Crash("oom", events.memory_limit_bytes, events.exit_signal)
    if events.pids_max_hits > 0:
        return Crash("pids", events.pids_limit, events.exit_signal)
    if disk_full(disk_bytes, disk_limit_bytes):
        return Crash("disk", disk_limit_bytes, events.exit_signal)
    return Crash(None, None, events.exit_signal)


def disk_full(used: int | None, limit: int | None) -> bool:
    return used is not None and bool(limit) and used >= DISK_FULL_SHARE * (limit or 0)


def crash_message(crash: Crash, *, highram: str | None = None) -> str:
    """Colab's sentence for the crash, then what to do about it.

    ``highram`` names the High-RAM variant of the runtime's type (e.g. "CPU (High-RAM)"),
    when there is one to switch to."""
    if crash.reason == "oom":
        if highram is not None:
            advice = f"If you need more RAM, switch to a High-RAM runtime type: {CHANGE_TYPE}"
            advice += f" › {highram}."
        else:
            advice = f"Use less memory, then restart: {RESTART}."
        return f"{OOM} {_limit('RAM', crash.limit)}{advice}"
    if crash.reason == "pids":
        limit = f" (limit {crash.limit})" if crash.limit else ""
        return (
            f"Your session crashed after starting too many processes{limit}. Start fewer "
            f"processes or threads (a smaller worker pool), then restart: {RESTART}."
        )
    if crash.reason == "disk":
        return f"Your session crashed after its disk filled up. {disk_advice(crash.limit)}"
    if crash.exit_signal == signal.SIGKILL:
        return (
            f"{UNKNOWN} Its kernel was killed (SIGKILL), which usually means that the machine "
            f"ran out of memory. Restart the session to go on: {RESTART}."
        )
    return f"{UNKNOWN} Restart the session to go on: {RESTART}."


def disk_advice(limit: int | None) -> str:
    size = f" ({format_bytes(limit)})" if limit else ""
    return (
        f"Your runtime's disk is full{size}: delete files in /content (Files panel) or "
        "start with an empty disk: Runtime › Disconnect and delete runtime."
    )


def cell_note(
    error: dict[str, Any],
    events: LimitEvents | None,
    disk_bytes: int | None = None,
    disk_limit_bytes: int | None = None,
) -> str | None:
    """A note under a cell whose error came from a limit the kernel survived, else None.

    ``error`` is an execute_reply (or error output) with ``ename``/``evalue``. A full disk
    shows as ENOSPC; the pids limit as EAGAIN from fork or a thread that cannot start, and is
    only blamed when the runtime's pids counter says the limit was really hit."""
    ename = str(error.get("ename", ""))
    evalue = str(error.get("evalue", ""))
    if f"[Errno {errno.ENOSPC}]" in evalue or "No space left on device" in evalue:
        return disk_advice(disk_limit_bytes)
    eagain = ename == "BlockingIOError" or f"[Errno {errno.EAGAIN}]" in evalue
    if (eagain or "can't start new thread" in evalue) and events and events.pids_max_hits > 0:
        limit = f" of {events.pids_limit}" if events.pids_limit else ""
        return (
            f"This runtime reached its limit{limit} processes and threads, so no new one "
            f"could start (Resource temporarily unavailable). End some, or restart: {RESTART}."
        )
    return None


def crash_error(message: str) -> dict[str, Any]:
    """The error output a cell gets when its runtime crashes under it."""
    return {"ename": CRASH_ENAME, "evalue": message, "traceback": []}


def _limit(what: str, limit: int | None) -> str:
    return f"This runtime has {format_bytes(limit)} of {what}. " if limit else ""


def format_bytes(size: int | None) -> str:
    """1 GiB and up in GB, else MB, as the meters (powers of 1024 here: limits are MiB)."""
    value = float(size or 0)
    if value >= 1024**3:
        return f"{value / 1024**3:g} GB" if value % 1024**3 == 0 else f"{value / 1024**3:.1f} GB"
    return f"{round(value / 1024**2)} MB"
