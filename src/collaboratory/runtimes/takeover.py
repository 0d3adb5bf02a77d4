"""Keeps this replica's runtime leases, and takes over the runtimes of a replica that died."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from sqlalchemy import select

from collaboratory.runtimes.lease import RENEW_SECONDS, LeaseReport
from collaboratory.runtimes.models import RuntimeRecord

if TYPE_CHECKING:
    from collaboratory.runtimes.manager import RuntimeManager

log = logging.getLogger(__name__)


class LeaseKeeper:
    def __init__(self, manager: RuntimeManager, *, every: float = RENEW_SECONDS) -> None:
        self.manager = manager
        self.every = every
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                await self.tick()
            except Exception:
                log.exception("could not keep or take over runtime leases")

    async def tick(self) -> None:
        """Renew this replica's leases, let go of any another replica took (this one stalled
        past its lease), and adopt the runtimes whose holder stopped renewing."""
        manager, leases = self.manager, self.manager.leases
        assert leases is not None
        mine = {runtime.id: runtime for runtime in manager.all()}
        reports = {id_: LeaseReport(r.state, r.last_activity) for id_, r in mine.items()}
        held = await leases.renew(reports)
        for runtime_id in set(mine) - held:
            log.warning("runtime %s was taken over by another replica", runtime_id)
            manager.let_go(mine[runtime_id])
        async with manager.db.session() as s:
            records = {
                r.id: r
                for r in await s.scalars(
                    select(RuntimeRecord).where(RuntimeRecord.id.not_in(list(mine)))
                )
            }
        for runtime_id in await leases.unheld(records):
            if manager.held(runtime_id) is not None:
                continue  # a request here took it over meanwhile (handover.py)
            runtime = await manager.adopt_record(records[runtime_id])
            if runtime is None:
                continue
            log.info("took over runtime %s from a replica that stopped", runtime_id)
            await manager.adopted(runtime)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
