"""The Python environment runtimes run in, kept apart from the server's own.

A virtual environment made without pip (fast), layered on the server's installed packages
(ipykernel and its needs) through a ``.pth`` file, with ``runtimes.default_packages``
installed into it by the server's pip, and the lean kernel launcher (``kernel_start``) as its own
top-level package: the server package is not importable inside the sandbox. It is rebuilt when
that list or the launcher changes.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from collaboratory.config import Settings
from collaboratory.runtimes import kernel_start

log = logging.getLogger(__name__)
STAMP = "collaboratory-env.json"
STOCK_KERNEL_MODULE = "ipykernel_launcher"


class RuntimeEnvironmentError(RuntimeError):
    """The runtime environment could not be built; the message says why."""


class RuntimeEnvironment:
    def __init__(self, settings: Settings) -> None:
        self.configured = settings.runtimes.python
        self.packages = list(settings.runtimes.default_packages)
        self.path = settings.data_dir / "runtime-env"
        self._lock = asyncio.Lock()

    @property
    def python(self) -> str:
        return self.configured or str(self.path / "bin" / "python")

    @property
    def kernel_module(self) -> str:
        """The module kernels start with (``python -m``): the lean launcher, unless configured."""
        return STOCK_KERNEL_MODULE if self.configured else kernel_start.MODULE_NAME

    @property
    def shared_paths(self) -> tuple[str, ...]:
        """Host paths the sandbox must show (read-only) for this environment to work."""
        return () if self.configured else (sys.prefix,)

    @functools.cached_property
    def _wanted(self) -> dict[str, object]:
        """What the environment is built from; read once (every kernel start checks it)."""
        launcher = hashlib.sha256(json.dumps(kernel_start.source_files()).encode()).hexdigest()
        return {
            "base": sys.prefix,
            "python": sys.version,
            "packages": self.packages,
            "launcher": launcher,
        }

    def _current(self) -> bool:
        try:
            return bool(json.loads((self.path / STAMP).read_text()) == self._wanted)
        except (OSError, ValueError):
            return False

    async def ensure(self) -> str:
        """The interpreter for kernels, building the environment first when needed."""
        if self.configured:
            return self.configured
        async with self._lock:
            if not self._current():
                await asyncio.to_thread(self._build)
        return self.python

    def _build(self) -> None:
        log.info("Building the runtime environment in %s", self.path)
        shutil.rmtree(self.path, ignore_errors=True)
        venv.EnvBuilder(with_pip=False, symlinks=True, clear=True).create(self.path)
        site = self._site_packages()
        (site / "_collaboratory_server.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
        launcher = site / kernel_start.MODULE_NAME
        launcher.mkdir()
        for name, source in kernel_start.source_files().items():
            (launcher / name).write_text(source, encoding="utf-8")
        if self.packages:
            digest = hashlib.sha256(" ".join(self.packages).encode()).hexdigest()[:8]
            log.info("Installing %d default packages (%s)", len(self.packages), digest)
            command = [sys.executable, "-m", "pip", "--python", self.python, "install", "-q"]
            done = subprocess.run([*command, *self.packages], capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeEnvironmentError(
                    f"Installing runtimes.default_packages failed: {done.stderr.strip()[-2000:]}"
                )
        (self.path / STAMP).write_text(json.dumps(self._wanted))

    def _site_packages(self) -> Path:
        found = list((self.path / "lib").glob("python3*/site-packages"))
        if not found:
            raise RuntimeEnvironmentError(f"No site-packages in the new environment {self.path}")
        return found[0]
