"""Reclaims idle and expired runtimes, warning their users first, and notices dead kernels."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime

from collaboratory.db import utcnow
from collaboratory.runtimes.events import RuntimeEvent
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.runtimes.runtime import Runtime

log = logging.getLogger(__name__)


def _minutes(seconds: float) -> str:
    if seconds < 90:
        return f"{max(int(seconds), 1)} seconds"
    return f"{round(seconds / 60)} minutes"


class Culler:
    def __init__(self, manager: RuntimeManager) -> None:
        self.manager = manager
        self.settings = manager.settings.runtimes
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="runtime culler")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.settings.cull_interval_seconds)
            try:
                await self.sweep()
            except Exception:
                log.exception("Culling runtimes failed")

    async def sweep(self, now: datetime | None = None) -> None:
        now = now or utcnow()
        for runtime in self.manager.all():
            if runtime.kernel is None or runtime.dead:
                continue
            if not await self.manager.check_alive(runtime):
                continue
            await self._apply_limits(runtime, now)

    async def _apply_limits(self, runtime: Runtime, now: datetime) -> None:
        warning = self.settings.cull_warning_seconds
        if runtime.execution_state == "busy":
            runtime.last_activity = now  # running code is activity, however long it runs
            runtime.warned.discard("idle")
        lifetime_left = (runtime.expires_at - now).total_seconds()
        idle_left = (
            runtime.runtime_type.idle_timeout_seconds
            - (now - runtime.last_activity).total_seconds()
        )
        if lifetime_left <= 0:
            await self._cull(runtime, "lifetime", "it reached its maximum lifetime")
        elif idle_left <= 0:
            await self._cull(runtime, "idle", "it was idle too long")
        elif lifetime_left <= warning and "lifetime" not in runtime.warned:
            self._warn(
                runtime,
                "lifetime_warning",
                "lifetime",
                f"This runtime reaches its maximum lifetime in {_minutes(lifetime_left)} "
                "and will then be deleted. Save your work.",
                lifetime_left,
            )
        elif idle_left <= warning and "idle" not in runtime.warned:
            self._warn(
                runtime,
                "idle_warning",
                "idle",
                f"This runtime has been idle and will be deleted in {_minutes(idle_left)} "
                "unless you use it.",
                idle_left,
            )

    def _warn(self, runtime: Runtime, kind: str, key: str, message: str, left: float) -> None:
        runtime.warned.add(key)
        self.manager.events.publish(
            RuntimeEvent(runtime.id, runtime.user_id, kind, message, {"seconds_left": left})
        )

    async def _cull(self, runtime: Runtime, reason: str, why: str) -> None:
        log.info("Reclaiming runtime %s of user %s: %s", runtime.id, runtime.user_id, why)
        await self.manager.delete(runtime)
        self.manager.events.publish(
            RuntimeEvent(
                runtime.id,
                runtime.user_id,
                "culled",
                f"The runtime was deleted because {why}.",
                {"reason": reason},
            )
        )
