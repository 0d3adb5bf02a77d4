"""*Runtime > Schedule*: a notebook's schedules and their runs, for the notebook's owner."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from collaboratory.schedules.models import NotebookSchedule, ScheduleRun
from collaboratory.schedules.service import ScheduleSpec, rule_of
from collaboratory.schedules.timing import describe
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.services import Services

router = APIRouter(tags=["schedules"])
Svc = Annotated[Services, Depends(services)]


class ScheduleBody(BaseModel):
    kind: Literal["daily", "weekly", "cron"] = Field(description="How the schedule repeats.")
    time: str | None = Field(
        None, max_length=5, description='Daily and weekly: the time of day, "HH:MM" (24-hour).'
    )
    weekday: int | None = Field(None, ge=0, le=6, description="Weekly: 0 Monday .. 6 Sunday.")
    cron: str | None = Field(
        None, max_length=200, description='Cron: "minute hour day month weekday".'
    )
    timezone: str = Field("UTC", max_length=64, description="IANA time zone of the times.")
    runtime_type: str | None = Field(
        None, max_length=64, description="Runtime type to run on; unset: the notebook's."
    )
    enabled: bool = Field(True, description="Off: kept, but never fires.")

    def spec(self) -> ScheduleSpec:
        return ScheduleSpec(**self.model_dump())


class Schedule(BaseModel):
    id: str
    notebook_id: str
    kind: str
    time: str | None
    weekday: int | None
    cron: str
    timezone: str
    runtime_type: str | None
    enabled: bool
    next_run_at: datetime | None
    description: str = Field(description='For people: "Every Monday at 09:00 (UTC)".')
    created_at: datetime

    @classmethod
    def of(cls, row: NotebookSchedule) -> Schedule:
        return cls(
            id=row.id,
            notebook_id=row.notebook_id,
            kind=row.kind,
            time=row.time,
            weekday=row.weekday,
            cron=row.cron,
            timezone=row.timezone,
            runtime_type=row.runtime_type,
            enabled=row.enabled,
            next_run_at=row.next_run_at,
            description=describe(rule_of(row)),
            created_at=row.created_at,
        )


class Run(BaseModel):
    id: str
    status: Literal["running", "succeeded", "failed"]
    started_at: datetime
    finished_at: datetime | None
    error_cell: int | None = Field(description="1-based position of the cell that failed.")
    error: str | None = Field(description="That cell's first line and its error.")
    revision_id: str | None = Field(description="The revision keeping the run's outputs.")

    @classmethod
    def of(cls, row: ScheduleRun) -> Run:
        status: Literal["running", "succeeded", "failed"] = (
            "running"
            if row.status == "running"
            else "succeeded"
            if row.status == "succeeded"
            else "failed"
        )
        return cls(
            id=row.id,
            status=status,
            started_at=row.started_at,
            finished_at=row.finished_at,
            error_cell=row.error_cell,
            error=row.error,
            revision_id=row.revision_id,
        )


@router.get("/notebooks/{notebook_id}/schedules")
async def list_schedules(notebook_id: str, principal: CurrentUser, svc: Svc) -> list[Schedule]:
    """The notebook's schedules (its owner's)."""
    return [Schedule.of(r) for r in await svc.schedules.list(principal.user, notebook_id)]


@router.post("/notebooks/{notebook_id}/schedules", status_code=201)
async def create_schedule(
    notebook_id: str, body: ScheduleBody, principal: CurrentUser, svc: Svc
) -> Schedule:
    """Schedule the notebook; only its owner may (the runs use the owner's runtime)."""
    return Schedule.of(await svc.schedules.create(principal.user, notebook_id, body.spec()))


@router.put("/schedules/{schedule_id}")
async def update_schedule(
    schedule_id: str, body: ScheduleBody, principal: CurrentUser, svc: Svc
) -> Schedule:
    """Change a schedule: its next run is computed again from now."""
    return Schedule.of(await svc.schedules.update(principal.user, schedule_id, body.spec()))


@router.delete("/schedules/{schedule_id}", status_code=204)
async def delete_schedule(schedule_id: str, principal: CurrentUser, svc: Svc) -> None:
    await svc.schedules.delete(principal.user, schedule_id)


@router.get("/schedules/{schedule_id}/runs")
async def list_runs(schedule_id: str, principal: CurrentUser, svc: Svc) -> list[Run]:
    """The schedule's latest runs, newest first."""
    return [Run.of(r) for r in await svc.schedules.runs(principal.user, schedule_id)]


@router.post("/schedules/{schedule_id}/run", status_code=202)
async def run_now(schedule_id: str, principal: CurrentUser, svc: Svc) -> None:
    """Run the schedule's notebook now, as its next firing would (the history records it)."""
    svc.scheduler.fire(await svc.schedules.get(principal.user, schedule_id))
