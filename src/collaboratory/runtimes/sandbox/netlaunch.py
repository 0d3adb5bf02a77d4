"""Starting a sandbox that has a network: its launcher first, then slirp4netns beside it.

The launcher (see :mod:`network`) waits, inside its new namespaces, for the interface that
slirp4netns brings up. slirp4netns ends when the pipe the sandbox holds closes, that is
when every process of the runtime has ended, also after a server restart.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from collaboratory.runtimes.sandbox.network import slirp_command

T = TypeVar("T")
_READY_TICKS = 1000  # of 5 ms


class NetworkStartError(RuntimeError):
    """The runtime's network namespace or slirp4netns could not be started."""


async def start_network(
    launch: Callable[[tuple[int, ...]], Awaitable[T]],
    pid_of: Callable[[], int | None],
    preexec: Callable[[], None],
) -> tuple[T, subprocess.Popen[bytes]]:
    """``launch(pass_fds)`` starts the sandbox; then slirp4netns for its namespace."""
    read_end, write_end = os.pipe()
    try:
        started = await launch((write_end,))
        pid = pid_of()
        if pid is None:
            raise NetworkStartError("the sandbox did not start")
        await _namespaces_made(pid)
        slirp = _spawn_slirp(pid, read_end, preexec)
    finally:
        os.close(read_end)
        os.close(write_end)
    return started, slirp


async def _namespaces_made(pid: int) -> None:
    """Until ``pid`` has its own user namespace, with its uid map, and network namespace."""
    for _ in range(_READY_TICKS):
        try:
            if _made(pid):
                return
        except OSError as exc:
            raise NetworkStartError("the sandbox exited while it was starting") from exc
        await asyncio.sleep(0.005)
    raise NetworkStartError("the sandbox's network namespace was not made in time")


def _spawn_slirp(pid: int, read_end: int, preexec: Callable[[], None]) -> subprocess.Popen[bytes]:
    # A fork and exec, as quick as the kernel launch before it.
    return subprocess.Popen(
        slirp_command(pid, read_end),
        pass_fds=(read_end,),
        preexec_fn=preexec,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _made(pid: int) -> bool:
    own_user, own_net = _inode("self", "user"), _inode("self", "net")
    if _inode(pid, "user") == own_user or _inode(pid, "net") == own_net:
        return False
    return bool(Path(f"/proc/{pid}/uid_map").read_text().strip())


def _inode(pid: int | str, namespace: str) -> int:
    return os.stat(f"/proc/{pid}/ns/{namespace}").st_ino
