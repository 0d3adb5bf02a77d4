"""A kernel process started by an earlier server process, managed by pid.

It stands in for the ``subprocess.Popen`` that jupyter_client's ``LocalProvisioner`` keeps,
so polling, signalling and killing work unchanged for a kernel we did not spawn.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path


def start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot: tells a reused pid apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


class AdoptedProcess:
    stdin = stdout = stderr = None

    def __init__(self, pid: int, started: int | None) -> None:
        self.pid = pid
        self.started = started
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            now = start_time(self.pid)
            gone = now is None or (self.started is not None and now != self.started)
            if gone or _is_zombie(self.pid):
                self.returncode = -signal.SIGKILL  # not our child: the real code is unknown
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Only called by jupyter_client after poll() reported an exit."""
        code = self.poll()
        return code if code is not None else 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
