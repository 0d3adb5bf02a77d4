"""Warm runtimes: kernels started ahead of demand so that *Connect* takes milliseconds."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass

from collaboratory.config import RuntimeSettings
from collaboratory.db import new_id
from collaboratory.runtimes.backend import LaunchRequest, RunningKernel, RuntimeBackend

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0


@dataclass(frozen=True)
class WarmRuntime:
    runtime_id: str
    kernel_id: str
    kernel: RunningKernel


class WarmPool:
    """Keeps ``warm_pool`` started kernels per runtime type without accelerators."""

    def __init__(self, backend: RuntimeBackend, settings: RuntimeSettings) -> None:
        self.backend = backend
        self.settings = settings
        self._ready: dict[str, list[WarmRuntime]] = {t: [] for t in settings.types}
        self._wanted = asyncio.Event()
        self._closing = False
        self._task: asyncio.Task[None] | None = None

    def _target(self, type_id: str) -> int:
        runtime_type = self.settings.types[type_id]
        if not self.settings.warm_pool_enabled or runtime_type.accelerator_count:
            return 0
        return runtime_type.warm_pool

    def start(self) -> None:
        if any(self._target(t) for t in self.settings.types):
            self._task = asyncio.create_task(self._fill_forever(), name="warm pool")
            self._wanted.set()

    def take(self, type_id: str) -> WarmRuntime | None:
        ready = self._ready.get(type_id)
        if not ready:
            return None
        warm = ready.pop(0)
        self._wanted.set()
        return warm

    def size(self, type_id: str) -> int:
        return len(self._ready.get(type_id, ()))

    async def _fill_forever(self) -> None:
        while not self._closing:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                await self._fill()
            except Exception:
                log.exception("Filling the warm pool failed; retrying in %ss", RETRY_SECONDS)
                await asyncio.sleep(RETRY_SECONDS)
                self._wanted.set()

    async def _fill(self) -> None:
        for type_id, runtime_type in self.settings.types.items():
            while not self._closing and len(self._ready[type_id]) < self._target(type_id):
                request = LaunchRequest(new_id(), str(uuid.uuid4()), runtime_type)
                kernel = await self.backend.launch(request)
                self._ready[type_id].append(
                    WarmRuntime(request.runtime_id, request.kernel_id, kernel)
                )

    async def close(self) -> None:
        # A launch is never cancelled halfway (that would orphan the kernel process): the
        # filler finishes the one under way and stops.
        self._closing = True
        self._wanted.set()
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task
        for ready in self._ready.values():
            while ready:
                warm = ready.pop()
                with contextlib.suppress(Exception):
                    await warm.kernel.shutdown()
