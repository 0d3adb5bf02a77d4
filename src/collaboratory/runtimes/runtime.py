"""A runtime as the server holds it while it lives."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from collaboratory.config import RuntimeTypeSettings
from collaboratory.db import utcnow
from collaboratory.runtimes.accelerators import Allocation
from collaboratory.runtimes.backend import RunningKernel
from collaboratory.runtimes.crash import Reason
from collaboratory.runtimes.models import BUSY, DEAD, QUEUED, READY, STARTING

KERNELSPEC_PREFIX = "python3"


def kernelspec_name(runtime_type: str, default_type: str) -> str:
    """``python3`` is the default runtime type, ``python3-<type>`` the others (DESIGN.md)."""
    return (
        KERNELSPEC_PREFIX if runtime_type == default_type else f"{KERNELSPEC_PREFIX}-{runtime_type}"
    )


@dataclass(eq=False)
class Runtime:
    id: str
    kernel_id: str
    user_id: str
    notebook_id: str | None
    type_id: str
    runtime_type: RuntimeTypeSettings
    kernelspec_name: str
    created_at: datetime
    expires_at: datetime
    kernel: RunningKernel | None = None
    allocation: Allocation | None = None
    starting: asyncio.Task[None] | None = None
    error: str | None = None
    execution_state: str = "starting"
    last_activity: datetime = field(default_factory=utcnow)
    connections: int = 0
    dead: bool = False
    reason: Reason | None = None  # why it died: "oom", "pids", "disk"; None when unknown
    watch: asyncio.Task[None] | None = None  # looks for a crash while it is busy
    warned: set[str] = field(default_factory=set)

    @property
    def state(self) -> str:
        if self.dead:
            return DEAD
        if self.kernel is None:
            return QUEUED if self.allocation is None and self.needs_accelerator else STARTING
        return BUSY if self.execution_state == "busy" else READY

    @property
    def needs_accelerator(self) -> bool:
        return self.runtime_type.accelerator != "none" and self.runtime_type.accelerator_count > 0

    def touch(self, execution_state: str | None = None) -> None:
        self.last_activity = utcnow()
        if execution_state is not None:
            self.execution_state = execution_state
        self.warned.discard("idle")
