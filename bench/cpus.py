"""Which CPUs processes may run on: a benchmark's browser apart from the server and kernels.

On a user's machine the browser does not share CPUs with the server and the kernels; on a small
benchmark machine it does, and then waits for them. Pinning the browser's processes to one CPU
and the server's (with its kernels) to the others measures the browser as users meet it.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from pathlib import Path


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children[parent].append(int(stat.parent.name))
    return children


def descendants(root: int) -> list[int]:
    """``root`` and every process below it."""
    children, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def pin(pids: list[int], cpus: set[int]) -> None:
    """Every thread of these processes (new threads and children inherit it) onto ``cpus``."""
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError, ValueError):
                os.sched_setaffinity(int(task.name), cpus)


def all_cpus() -> set[int]:
    return set(range(os.cpu_count() or 1))


def browser_processes() -> list[int]:
    """This process's Chromium processes (below Playwright's driver)."""
    return [pid for pid in descendants(os.getpid()) if "chromium" in command_line(pid)]
