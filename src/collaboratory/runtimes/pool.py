"""Warm runtimes: kernels started ahead of demand so that *Connect* takes milliseconds.

Each type without accelerators keeps at least ``warm_pool`` runtimes started; when connects
come faster, the pool grows towards ``warm_pool_max`` as :mod:`pool_demand` decides (recent
demand, free memory), and shrinks back when they stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from collaboratory.config import RuntimeSettings
from collaboratory.db import new_id
from collaboratory.runtimes.backend import LaunchRequest, RunningKernel, RuntimeBackend
from collaboratory.runtimes.pool_demand import DemandHistory, change, memory_room, target_size

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0
TICK_SECONDS = 30.0  # how often the pool looks again when nothing happens (to shrink)
# After handing out runtimes, the pool waits this long before starting more: starts are
# CPU-bound, and the users just served are running their first cells.
SETTLE_SECONDS = 1.0


@dataclass(frozen=True)
class WarmRuntime:
    runtime_id: str
    kernel_id: str
    kernel: RunningKernel


class WarmPool:
    """Started kernels per runtime type without accelerators, as many as demand asks for."""

    def __init__(
        self,
        backend: RuntimeBackend,
        settings: RuntimeSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        room: Callable[[], int] = memory_room,
        parallel: int | None = None,
        settle_seconds: float = SETTLE_SECONDS,
    ) -> None:
        self.backend = backend
        self.settings = settings
        self._clock = clock
        self._room = room
        # Starts are CPU-bound: more at once than there are cores only slows each one down.
        self._parallel = parallel or os.cpu_count() or 1
        self._settle = settle_seconds
        self._taken = False
        self._ready: dict[str, list[WarmRuntime]] = {t: [] for t in settings.types}
        self._demand = {t: DemandHistory.empty() for t in settings.types}
        self._wanted = asyncio.Event()
        self._closing = False
        self._closed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def _bounds(self, type_id: str) -> tuple[int, int]:
        """The type's (floor, ceiling); (0, 0) where it is never pre-started."""
        runtime_type = self.settings.types[type_id]
        if not self.settings.warm_pool_enabled or runtime_type.accelerator_count:
            return 0, 0
        return runtime_type.warm_pool, max(runtime_type.warm_pool, runtime_type.warm_pool_max)

    def target(self, type_id: str) -> int:
        floor, ceiling = self._bounds(type_id)
        return target_size(floor, ceiling, self._demand[type_id].peak(self._clock()))

    def start(self) -> None:
        if any(self._bounds(t)[1] for t in self.settings.types):
            self._task = asyncio.create_task(self._fill_forever(), name="warm pool")
            self._wanted.set()

    def take(self, type_id: str) -> WarmRuntime | None:
        """A warm runtime of the type, if one is ready; either way the ask counts as demand."""
        if type_id not in self._ready or not self._bounds(type_id)[1]:
            return None
        self._demand[type_id].record(self._clock())
        self._wanted.set()
        ready = self._ready[type_id]
        if not ready:
            return None
        self._taken = True
        return ready.pop(0)

    def size(self, type_id: str) -> int:
        return len(self._ready.get(type_id, ()))

    def kernel_ids(self, type_id: str) -> set[str]:
        """The kernels waiting in the type's pool."""
        return {warm.kernel_id for warm in self._ready.get(type_id, ())}

    async def _fill_forever(self) -> None:
        while not self._closing:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(TICK_SECONDS):
                    await self._wanted.wait()
            self._wanted.clear()
            if self._taken and not self._closing:
                self._taken = False
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closed.wait(), self._settle)
            try:
                if await self._adjust():
                    self._wanted.set()  # more to start: go round again at once
            except Exception:
                log.exception("Filling the warm pool failed; retrying in %ss", RETRY_SECONDS)
                await asyncio.sleep(RETRY_SECONDS)
                self._wanted.set()

    async def _adjust(self) -> bool:
        """Stop the runtimes demand no longer asks for and start up to ``parallel`` of those it
        does; True when more remain to start."""
        room, launches, surplus = self._room(), [], []
        for type_id, ready in self._ready.items():
            floor, _ = self._bounds(type_id)
            delta = change(len(ready), floor, self.target(type_id), room)
            if delta < 0:
                surplus += [ready.pop(0) for _ in range(-delta)]
            room -= max(0, delta)
            launches += [type_id] * max(0, delta)
        for warm in surplus:
            with contextlib.suppress(Exception):
                await warm.kernel.shutdown()
        if self._closing:
            return False
        batch = launches[: self._parallel]
        results = await asyncio.gather(*(self._launch(t) for t in batch), return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:
            raise failed[0]
        return len(launches) > len(batch)

    async def _launch(self, type_id: str) -> None:
        request = LaunchRequest(new_id(), str(uuid.uuid4()), self.settings.types[type_id])
        kernel = await self.backend.launch(request)
        self._ready[type_id].append(WarmRuntime(request.runtime_id, request.kernel_id, kernel))

    async def close(self) -> None:
        # A launch is never cancelled halfway (that would orphan the kernel process): the
        # filler finishes the ones under way and stops.
        self._closing = True
        self._closed.set()
        self._wanted.set()
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task
        for ready in self._ready.values():
            while ready:
                warm = ready.pop()
                with contextlib.suppress(Exception):
                    await warm.kernel.shutdown()
