"""RAM, CPU and disk figures of a runtime, read from /proc and its /content directory."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    task = Path(f"/proc/{pid}/task")
    try:
        for tid in task.iterdir():
            text = (tid / "children").read_text()
            found += [int(c) for c in text.split()]
    except OSError:
        pass
    return found


def process_tree(root: int) -> Iterator[int]:
    stack = [root]
    while stack:
        pid = stack.pop()
        yield pid
        stack.extend(_children(pid))


def _rss_and_ticks(pid: int) -> tuple[int, int]:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        statm = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0, 0
    # Fields after the command: utime and stime are the 12th and 13th.
    return int(statm[1]) * PAGE, int(fields[11]) + int(fields[12])


def directory_size(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_blocks * 512
            except OSError:
                continue
    return total


@dataclass
class CpuMeter:
    """CPU use between two readings of a process tree, as a percentage of one core."""

    last: tuple[float, int] | None = field(default=None)

    def read(self, pid: int) -> tuple[int, float]:
        rss = ticks = 0
        for p in process_tree(pid):
            r, t = _rss_and_ticks(p)
            rss, ticks = rss + r, ticks + t
        now = time.monotonic()
        percent = 0.0
        if self.last is not None and now > self.last[0]:
            percent = 100.0 * (ticks - self.last[1]) / TICKS / (now - self.last[0])
        self.last = (now, ticks)
        return rss, max(percent, 0.0)
