"""Real server processes for end-to-end tests and benchmarks: ours and a stock Jupyter Server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import ClassVar

import httpx

from collaboratory.runtimes.sandbox.procs import descendants

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """A ``collaboratory serve`` process on a data directory."""

    # Every process a server on a data directory started, noted when it was killed: its
    # runtimes outlive it, and their command lines need not name the data directory.
    _orphans: ClassVar[dict[Path, set[int]]] = {}

    def __init__(
        self,
        data_dir: Path,
        port: int,
        *,
        warm_pool: bool = False,
        config: Path | None = None,
        start_seconds: float = 30,
    ) -> None:
        self.data_dir = data_dir
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "COLLABORATORY_RUNTIMES__WARM_POOL_ENABLED": str(warm_pool).lower()}
        # On this interpreter: the project's venv under tests, the GPU machine's in bench/.
        args = [sys.executable, "-m", "collaboratory", "serve", "--port", str(port)]
        if config is not None:
            args += ["--config", str(config)]
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.log = (data_dir.parent / f"server-{port}.log").open("wb")
        self.proc = subprocess.Popen(
            [*args, "--data-dir", str(data_dir)], stdout=self.log, stderr=subprocess.STDOUT, env=env
        )
        deadline = time.monotonic() + start_seconds
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/status", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        """SIGKILL the server alone: its runtimes live on, for the next server to adopt."""
        self._orphans.setdefault(self.data_dir, set()).update(descendants(self.proc.pid))
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.log.close()

    def kill_all(self) -> None:
        """The server and every runtime it started."""
        if self.proc.poll() is None:
            self.kill()
        for pid in self._orphans.pop(self.data_dir, set()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        # and the runtimes' disks (loop mounts under the data dir), which nobody else unmounts
        below = f"{self.data_dir}/"
        for line in Path("/proc/self/mounts").read_text().splitlines():
            if line.split()[1].startswith(below):
                subprocess.run(["umount", "-l", line.split()[1]], capture_output=True, check=False)


@asynccontextmanager
async def stock_jupyter_server(root: Path, token: str, *extra: str) -> AsyncIterator[str]:
    """A stock ``jupyter_server`` process; yields its base URL."""
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "jupyter_server",
        f"--port={port}",
        "--no-browser",
        "--allow-root",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        *extra,
    ]
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(root / "jcfg"),
        "JUPYTER_RUNTIME_DIR": str(root / "jrt"),
    }
    log_path = root / f"jupyter-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as c:
            for _ in range(300):
                try:
                    if (await c.get(f"{base}/api/status?token={token}")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise AssertionError(log_path.read_text())
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)
