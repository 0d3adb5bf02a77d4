"""The admin API: accounts, every runtime on the machine, the accelerator queue.

Only administrators (``is_admin``) reach it; to anyone else every route answers 404, as if it
did not exist.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from collaboratory.accounts.models import User
from collaboratory.accounts.principal import Principal
from collaboratory.db import utcnow
from collaboratory.errors import NotFound, ServiceError
from collaboratory.runtimes.runtime import Runtime
from collaboratory.server.auth import require_principal, services
from collaboratory.server.routes.runtimes import info
from collaboratory.server.runtime_schemas import RuntimeInfo, RuntimeUsage
from collaboratory.server.services import Services

Svc = Annotated[Services, Depends(services)]
KINDS: tuple[Literal["gpu", "tpu"], ...] = ("gpu", "tpu")


async def require_admin(principal: Annotated[Principal, Depends(require_principal)]) -> Principal:
    if not principal.user.is_admin:
        raise NotFound("Not found.")
    return principal


Admin = Annotated[Principal, Depends(require_admin)]
router = APIRouter(prefix="/admin", tags=["admin"])


class AdminUser(BaseModel):
    id: str
    username: str | None = Field(description="null for a guest")
    is_guest: bool
    is_admin: bool
    disabled: bool
    created_at: datetime
    runtimes: int = Field(description="How many runtimes the user has now.")

    @classmethod
    def of(cls, user: User, runtimes: int) -> AdminUser:
        return cls(
            id=user.id,
            username=user.username,
            is_guest=user.is_guest,
            is_admin=user.is_admin,
            disabled=user.disabled_at is not None,
            created_at=user.created_at,
            runtimes=runtimes,
        )


class UserChange(BaseModel):
    is_admin: bool | None = None
    disabled: bool | None = Field(
        None, description="A disabled user is signed out and cannot sign in or use tokens."
    )


class NewPassword(BaseModel):
    password: str = Field(max_length=4096)


class AdminRuntime(RuntimeInfo):
    owner: str = Field(description="The owner's user name ('Guest' for a guest).")
    owner_id: str
    age_seconds: float
    usage: RuntimeUsage | None = Field(description="null while it has no running kernel.")


class QueuedRuntime(BaseModel):
    runtime_id: str
    owner: str
    runtime_type: str
    position: int
    waiting_since: datetime


class AcceleratorQueue(BaseModel):
    kind: Literal["gpu", "tpu"]
    total: int
    free: int
    queue: list[QueuedRuntime] = Field(description="Runtimes waiting for a device, in order.")


def _runtime_counts(svc: Services) -> dict[str, int]:
    counts: dict[str, int] = {}
    for runtime in svc.runtimes.all():
        counts[runtime.user_id] = counts.get(runtime.user_id, 0) + 1
    return counts


async def _names(svc: Services) -> dict[str, str]:
    return {u.id: u.username or "Guest" for u in await svc.admin.users()}


@router.get("/users")
async def list_users(admin: Admin, svc: Svc) -> list[AdminUser]:
    """Every account, with whether it is an admin or disabled and how many runtimes it has."""
    counts = _runtime_counts(svc)
    return [AdminUser.of(u, counts.get(u.id, 0)) for u in await svc.admin.users()]


@router.patch("/users/{user_id}")
async def change_user(user_id: str, body: UserChange, admin: Admin, svc: Svc) -> AdminUser:
    """Make or unmake an admin; disable (signed out at once, runtimes stopped) or enable."""
    user = await svc.admin.change(
        admin.user_id, user_id, is_admin=body.is_admin, disabled=body.disabled
    )
    if body.disabled:
        svc.documents.shut_out(user.id)  # open sync sockets close now, not at reconnect
        for runtime in svc.runtimes.for_user(user.id):
            await svc.notebook_runner.delete(runtime)
    return AdminUser.of(user, len(svc.runtimes.for_user(user.id)))


@router.post("/users/{user_id}/password", status_code=204)
async def reset_password(user_id: str, body: NewPassword, admin: Admin, svc: Svc) -> None:
    """Set a new password: the user is signed out everywhere and their API tokens revoked."""
    await svc.admin.set_password(user_id, body.password)


async def _admin_runtime(svc: Services, runtime: Runtime, names: dict[str, str]) -> AdminRuntime:
    usage = None
    if runtime.kernel is not None and not runtime.dead:
        with contextlib.suppress(ServiceError, OSError):
            usage = RuntimeUsage.of(await svc.runtimes.usage(runtime))
    return AdminRuntime(
        **info(svc, runtime).model_dump(),
        owner=names.get(runtime.user_id, "Deleted user"),
        owner_id=runtime.user_id,
        age_seconds=(utcnow() - runtime.created_at).total_seconds(),
        usage=usage,
    )


@router.get("/runtimes")
async def list_runtimes(admin: Admin, svc: Svc) -> list[AdminRuntime]:
    """Every runtime on the machine, oldest first: owner, type, state, age, usage."""
    names = await _names(svc)
    runtimes = sorted(svc.runtimes.all(), key=lambda r: r.created_at)
    return [await _admin_runtime(svc, r, names) for r in runtimes]


@router.delete("/runtimes/{runtime_id}", status_code=204)
async def stop_runtime(runtime_id: str, admin: Admin, svc: Svc) -> None:
    """Stop anyone's runtime (its accelerator goes to the next in the queue)."""
    runtime = next((r for r in svc.runtimes.all() if r.id == runtime_id), None)
    if runtime is None:
        raise NotFound("No such runtime: it was stopped already.")
    await svc.notebook_runner.delete(runtime)


@router.get("/accelerators")
async def accelerator_queues(admin: Admin, svc: Svc) -> list[AcceleratorQueue]:
    """Each accelerator kind: devices in all and free, and the runtimes queued for one."""
    names = await _names(svc)
    allocator = svc.runtimes.allocator
    queued: dict[str, list[QueuedRuntime]] = {kind: [] for kind in KINDS}
    for runtime in svc.runtimes.all():
        position = svc.runtimes.queue_position(runtime)
        kind = runtime.runtime_type.accelerator
        if position is None or kind not in queued:
            continue
        queued[kind].append(
            QueuedRuntime(
                runtime_id=runtime.id,
                owner=names.get(runtime.user_id, "Deleted user"),
                runtime_type=runtime.type_id,
                position=position,
                waiting_since=runtime.created_at,
            )
        )
    return [
        AcceleratorQueue(
            kind=kind,
            total=allocator.total(kind),
            free=len(allocator.free(kind)),
            queue=sorted(queued[kind], key=lambda q: q.position),
        )
        for kind in KINDS
        if allocator.total(kind) > 0 or queued[kind]
    ]
