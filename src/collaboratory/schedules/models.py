"""A notebook's schedules and the history of their runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collaboratory.db.base import Base, new_id, utcnow


class NotebookSchedule(Base):
    __tablename__ = "notebook_schedules"
    __table_args__ = (Index("ix_notebook_schedules_due", "enabled", "next_run_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    notebook_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("drive_items.id", ondelete="CASCADE"), index=True
    )
    # The notebook's owner when it was made; the runs are theirs (runtime, quota, secrets).
    owner_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # "daily" | "weekly" | "cron"
    time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM" for daily and weekly
    weekday: Mapped[int | None]  # 0 = Monday .. 6 = Sunday, for weekly
    cron: Mapped[str] = mapped_column(String(200))  # what every kind comes down to
    timezone: Mapped[str] = mapped_column(String(64))
    runtime_type: Mapped[str | None] = mapped_column(String(64))  # None: the notebook's
    enabled: Mapped[bool] = mapped_column(default=True)
    # The next firing; replicas claim it with UPDATE ... WHERE next_run_at = <the one they read>.
    next_run_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScheduleRun(Base):
    __tablename__ = "schedule_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    schedule_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("notebook_schedules.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))  # "running" | "succeeded" | "failed"
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    error_cell: Mapped[int | None]  # 1-based position of the cell that failed
    error: Mapped[str | None] = mapped_column(Text)  # the cell's first line and its error
    revision_id: Mapped[str | None] = mapped_column(String(32))
