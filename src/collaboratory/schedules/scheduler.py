"""Runs the schedules that are due, with no browser: the same path as ``POST .../execute``.

Every ``tick_seconds`` the scheduler reads the due schedules and claims each firing with
``UPDATE notebook_schedules SET next_run_at = <next> WHERE id = <id> AND next_run_at = <due>``:
one statement, so with several replicas on one database exactly one of them changes the row and
runs it; the others see no row changed and pass. A schedule whose last run is still going
skips that firing (a run left "running" by a replica that died counts as over after
``run_timeout_seconds``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update

from collaboratory.accounts.models import User
from collaboratory.config import Settings
from collaboratory.db import Database, utcnow
from collaboratory.schedules.models import NotebookSchedule, ScheduleRun
from collaboratory.schedules.run import Outcome, ScheduledRun
from collaboratory.schedules.service import rule_of
from collaboratory.schedules.timing import next_run

log = logging.getLogger(__name__)
BATCH = 20  # due schedules read per tick


class Scheduler:
    def __init__(self, settings: Settings, db: Database, run: ScheduledRun) -> None:
        self.settings, self.db, self.run = settings.scheduler, db, run
        self._loop: asyncio.Task[None] | None = None
        self._runs: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        if self.settings.enabled:
            self._loop = asyncio.get_running_loop().create_task(self._ticking(), name="scheduler")

    async def close(self) -> None:
        tasks = [t for t in (self._loop, *self._runs) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _ticking(self) -> None:
        while True:
            await asyncio.sleep(self.settings.tick_seconds)
            try:
                await self.tick()
            except Exception:
                log.exception("Looking for due schedules failed")

    async def tick(self, now: datetime | None = None) -> int:
        """Start every due schedule this replica claims; how many it started."""
        now = now or utcnow()
        async with self.db.session() as s:
            due = (
                await s.scalars(
                    select(NotebookSchedule)
                    .where(NotebookSchedule.enabled.is_(True))
                    .where(NotebookSchedule.next_run_at <= now)
                    .order_by(NotebookSchedule.next_run_at)
                    .limit(BATCH)
                )
            ).all()
        started = 0
        for schedule in due:
            if await self._claim(schedule, now) and not await self._still_running(schedule, now):
                self.fire(schedule)
                started += 1
        return started

    async def _claim(self, schedule: NotebookSchedule, now: datetime) -> bool:
        following = next_run(rule_of(schedule), now)
        async with self.db.session() as s:
            result = await s.execute(
                update(NotebookSchedule)
                .where(NotebookSchedule.id == schedule.id)
                .where(NotebookSchedule.next_run_at == schedule.next_run_at)
                .values(next_run_at=following)
            )
        claimed: bool = result.rowcount == 1  # type: ignore[attr-defined]
        return claimed

    async def _still_running(self, schedule: NotebookSchedule, now: datetime) -> bool:
        since = now - timedelta(seconds=self.settings.run_timeout_seconds)
        async with self.db.session() as s:
            running = await s.scalar(
                select(ScheduleRun.id)
                .where(ScheduleRun.schedule_id == schedule.id)
                .where(ScheduleRun.status == "running")
                .where(ScheduleRun.started_at > since)
                .limit(1)
            )
        if running is not None:
            log.info("Schedule %s: its last run still goes; this firing is skipped", schedule.id)
        return running is not None

    def fire(self, schedule: NotebookSchedule) -> None:
        """Run the schedule's notebook now, in the background."""
        task = asyncio.get_running_loop().create_task(self._fire(schedule))
        self._runs.add(task)
        task.add_done_callback(self._runs.discard)

    async def _fire(self, schedule: NotebookSchedule) -> None:
        async with self.db.session() as s:
            owner = await s.get(User, schedule.owner_id)
            record = ScheduleRun(schedule_id=schedule.id, status="running", started_at=utcnow())
            s.add(record)
        try:
            outcome = await self.run.run(schedule, owner, self.settings.run_timeout_seconds)
        except asyncio.CancelledError:
            # The server is stopping: the history must not say "running" for ever.
            await self._record(record, self.run.failed("The server stopped during the run."))
            raise
        except Exception as exc:
            log.exception("Scheduled run of %s failed", schedule.notebook_id)
            outcome = self.run.failed(f"The run could not finish: {exc}")
        await self._record(record, outcome)

    async def _record(self, record: ScheduleRun, outcome: Outcome) -> None:
        async with self.db.session() as s:
            await s.execute(
                update(ScheduleRun)
                .where(ScheduleRun.id == record.id)
                .values(
                    status=outcome.status,
                    finished_at=utcnow(),
                    error_cell=outcome.error_cell,
                    error=outcome.error,
                    revision_id=outcome.revision_id,
                )
            )
