"""JSON shapes of runtime types, runtimes and their usage."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from collaboratory.runtimes.catalog import Availability
from collaboratory.runtimes.runtime import Runtime
from collaboratory.server.schemas import FromRecord


class RuntimeType(BaseModel):
    id: str
    name: str
    accelerator: Literal["none", "gpu", "tpu"]
    accelerator_count: int
    memory_mb: int
    cpus: float
    kernelspec: str
    available: bool
    reason: str | None = Field(description="Why it cannot be had now, when it cannot.")
    free: int | None = Field(description="Free accelerators of its kind (null without one).")
    total: int | None
    warm: int = Field(description="Runtimes of this type started ahead, ready at once.")

    @classmethod
    def of(cls, a: Availability, warm: int) -> RuntimeType:
        t = a.settings
        return cls(
            id=a.type_id,
            name=t.name,
            accelerator=t.accelerator,
            accelerator_count=t.accelerator_count,
            memory_mb=t.memory_mb,
            cpus=t.cpus,
            kernelspec=a.kernelspec,
            available=a.available,
            reason=a.reason,
            free=a.free,
            total=a.total,
            warm=warm,
        )


class AcceleratorInfo(BaseModel):
    kind: Literal["gpu", "tpu"]
    devices: list[str]
    cuda_visible_devices: str


class RuntimeImageStatus(BaseModel):
    """The runtime image a starting runtime waits for."""

    name: str
    state: Literal["ready", "building", "outdated", "absent", "failed"] = Field(
        description="As in GET /api/runtime-images; anything but ready means the runtime "
        "waits for a build of its image."
    )
    percent: int | None = Field(description="How far a build under way has come, 0 to 100.")
    message: str | None = Field(
        description="What a build under way is doing; why the last one failed."
    )


class RuntimeInfo(BaseModel):
    id: str
    notebook_id: str | None
    runtime_type: str
    state: Literal["queued", "starting", "ready", "busy", "dead"]
    kernel_id: str
    kernelspec: str
    accelerator: AcceleratorInfo | None
    queue_position: int | None = Field(description="Place in the accelerator queue when queued.")
    execution_state: str
    created_at: datetime
    expires_at: datetime
    last_activity: datetime
    error: str | None
    reason: Literal["oom", "pids", "disk"] | None = Field(
        description="Why a dead runtime crashed: out of memory, too many processes, a full "
        "disk; null while it lives or when the reason is unknown (`error` says it in words)."
    )
    image: RuntimeImageStatus | None = Field(
        None,
        description="While the runtime starts: its runtime image, and the progress of a build "
        "of it under way (a first start builds the image); null once it runs.",
    )

    @classmethod
    def of(
        cls, runtime: Runtime, queue_position: int | None, image: dict[str, Any] | None = None
    ) -> RuntimeInfo:
        allocation = runtime.allocation
        accelerator = None
        if allocation is not None:
            accelerator = AcceleratorInfo(
                kind=allocation.kind,
                devices=[d.id for d in allocation.devices],
                cuda_visible_devices=allocation.cuda_visible_devices,
            )
        return cls(
            id=runtime.id,
            notebook_id=runtime.notebook_id,
            runtime_type=runtime.type_id,
            state=runtime.state,
            kernel_id=runtime.kernel_id,
            kernelspec=runtime.kernelspec_name,
            accelerator=accelerator,
            queue_position=queue_position,
            execution_state=runtime.execution_state,
            created_at=runtime.created_at,
            expires_at=runtime.expires_at,
            last_activity=runtime.last_activity,
            error=runtime.error,
            reason=runtime.reason if runtime.dead else None,
            image=RuntimeImageStatus(**image) if image is not None else None,
        )


class ConnectRuntime(BaseModel):
    notebook_id: str
    runtime_type: str | None = Field(None, description="A runtime type id; the default if omitted.")
    wait: bool = Field(
        True, description="Queue for a busy accelerator (true) or fail at once (false)."
    )


class RuntimeUsage(FromRecord):
    memory_bytes: int
    memory_limit_bytes: int | None
    cpu_percent: float
    disk_bytes: int
    disk_limit_bytes: int | None
    gpus: list[dict[str, object]]
    reported: bool = Field(
        True, description="False when the backend (a gateway) cannot measure: ignore the figures."
    )
