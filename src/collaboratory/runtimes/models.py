"""A runtime as persisted: enough to list it, apply policy to it and re-adopt its kernel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from collaboratory.db.base import Base, new_id, utcnow

QUEUED, STARTING, READY, BUSY, DEAD = "queued", "starting", "ready", "busy", "dead"
STATES = (QUEUED, STARTING, READY, BUSY, DEAD)


class RuntimeRecord(Base):
    __tablename__ = "runtimes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kernel_id: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    notebook_id: Mapped[str | None] = mapped_column(
        ForeignKey("drive_items.id", ondelete="SET NULL"), index=True
    )
    runtime_type: Mapped[str] = mapped_column(String(64))
    backend: Mapped[str] = mapped_column(String(64))
    # The backend's own account of the kernel (pid, connection info) for re-adoption.
    backend_state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    accelerators: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
