"""Schedules of notebooks: made, changed, listed and deleted by the notebook's owner.

Only the owner schedules a notebook: a scheduled run spends the owner's runtime quota and may
read the owner's secrets, with nobody watching, so an editor cannot start one in their name.
Others the notebook is shared with do not see its schedules (404, as for anything not theirs).
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select

from collaboratory.accounts.models import User
from collaboratory.config import Settings
from collaboratory.db import Database, utcnow
from collaboratory.documents.service import DocumentService
from collaboratory.drive.roles import OWNER
from collaboratory.errors import Forbidden, NotFound
from collaboratory.schedules.models import NotebookSchedule, ScheduleRun
from collaboratory.schedules.timing import InvalidSchedule, Kind, When, next_run, when

RUNS_LISTED = 50


@dataclass(frozen=True)
class ScheduleSpec:
    kind: Kind
    time: str | None = None
    weekday: int | None = None
    cron: str | None = None
    timezone: str = "UTC"
    runtime_type: str | None = None
    enabled: bool = True


def rule_of(row: NotebookSchedule) -> When:
    kind: Kind = "daily" if row.kind == "daily" else "weekly" if row.kind == "weekly" else "cron"
    return When(kind, row.time, row.weekday, row.cron, row.timezone)


def not_found() -> NotFound:
    return NotFound("No such schedule: it was deleted, or is not yours.")


class ScheduleService:
    def __init__(self, settings: Settings, db: Database, documents: DocumentService) -> None:
        self.settings, self.db, self.documents = settings, db, documents

    async def _check_owner(self, user: User, notebook_id: str) -> None:
        if await self.documents.role(user.id, notebook_id) != OWNER:
            raise Forbidden(
                "Only the notebook's owner can schedule it: runs use the owner's runtime.",
                code="not_owner",
            )

    def _rule(self, spec: ScheduleSpec) -> When:
        if spec.runtime_type is not None and spec.runtime_type not in self.settings.runtimes.types:
            known = ", ".join(sorted(self.settings.runtimes.types))
            raise InvalidSchedule(f"Unknown runtime type {spec.runtime_type!r}; one of: {known}.")
        return when(
            spec.kind,
            time=spec.time,
            weekday=spec.weekday,
            cron=spec.cron,
            timezone=spec.timezone,
            min_interval=self.settings.scheduler.min_interval_seconds,
        )

    async def list(self, user: User, notebook_id: str) -> builtins.list[NotebookSchedule]:
        await self._check_owner(user, notebook_id)
        async with self.db.session() as s:
            rows = await s.scalars(
                select(NotebookSchedule)
                .where(NotebookSchedule.notebook_id == notebook_id)
                .where(NotebookSchedule.owner_id == user.id)
                .order_by(NotebookSchedule.created_at)
            )
            return builtins.list(rows.all())

    async def create(self, user: User, notebook_id: str, spec: ScheduleSpec) -> NotebookSchedule:
        await self._check_owner(user, notebook_id)
        rule = self._rule(spec)
        row = NotebookSchedule(notebook_id=notebook_id, owner_id=user.id, created_at=utcnow())
        _apply(row, rule, spec)
        async with self.db.session() as s:
            s.add(row)
        return row

    async def get(self, user: User, schedule_id: str) -> NotebookSchedule:
        async with self.db.session() as s:
            row = await s.get(NotebookSchedule, schedule_id)
        if row is None or row.owner_id != user.id:
            raise not_found()
        try:
            await self._check_owner(user, row.notebook_id)
        except (Forbidden, NotFound) as exc:  # ownership moved on: no longer theirs
            raise not_found() from exc
        return row

    async def update(self, user: User, schedule_id: str, spec: ScheduleSpec) -> NotebookSchedule:
        row = await self.get(user, schedule_id)
        rule = self._rule(spec)
        async with self.db.session() as s:
            stored = await s.get(NotebookSchedule, row.id)
            if stored is None:
                raise not_found()
            _apply(stored, rule, spec)
        return stored

    async def delete(self, user: User, schedule_id: str) -> None:
        row = await self.get(user, schedule_id)
        async with self.db.session() as s:
            await s.execute(delete(NotebookSchedule).where(NotebookSchedule.id == row.id))

    async def runs(self, user: User, schedule_id: str) -> Sequence[ScheduleRun]:
        row = await self.get(user, schedule_id)
        return await self.recent_runs(row.id)

    async def recent_runs(
        self, schedule_id: str, limit: int = RUNS_LISTED
    ) -> Sequence[ScheduleRun]:
        async with self.db.session() as s:
            rows = await s.scalars(
                select(ScheduleRun)
                .where(ScheduleRun.schedule_id == schedule_id)
                .order_by(ScheduleRun.started_at.desc())
                .limit(limit)
            )
            return rows.all()


def _apply(row: NotebookSchedule, rule: When, spec: ScheduleSpec) -> None:
    row.kind, row.time, row.weekday, row.cron = rule.kind, rule.time, rule.weekday, rule.cron
    row.timezone, row.runtime_type, row.enabled = rule.timezone, spec.runtime_type, spec.enabled
    row.next_run_at = next_run(rule, utcnow()) if spec.enabled else None
