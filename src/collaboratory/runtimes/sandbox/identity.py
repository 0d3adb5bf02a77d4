"""Which user a kernel runs as: never root, so root-owned files stay closed to it."""

from __future__ import annotations

import os
from pathlib import Path

RunAs = tuple[int, int]
NOBODY: RunAs = (65534, 65534)


def effective_run_as(requested: RunAs | None) -> RunAs | None:
    """The uid/gid to switch to: ``requested``, else nobody when the server is root."""
    if requested is not None:
        return requested
    return NOBODY if os.geteuid() == 0 else None


def switch_user(run_as: RunAs) -> None:
    """Runs in the forked child before exec (after joining cgroups, which needs root)."""
    uid, gid = run_as
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)


def hand_over(run_as: RunAs | None, *paths: Path) -> None:
    """Give the kernel's user the runtime's own files (we are root whenever run_as is set)."""
    if run_as is None:
        return
    for path in paths:
        os.chown(path, *run_as)
