"""Runtime types and runtimes: *Change runtime type*, *Connect*, *Manage sessions*."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.responses import StreamingResponse

from collaboratory.drive.models import NOTEBOOK
from collaboratory.drive.roles import EDITOR, require
from collaboratory.errors import NotFound
from collaboratory.execution import commands
from collaboratory.runtimes.backend import Usage
from collaboratory.runtimes.elsewhere import Elsewhere, runtimes_elsewhere
from collaboratory.runtimes.runtime import Runtime
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.event_stream import event_stream
from collaboratory.server.runtime_schemas import (
    ConnectRuntime,
    RuntimeInfo,
    RuntimeType,
    RuntimeUsage,
)
from collaboratory.server.services import Services

router = APIRouter(tags=["runtimes"])
Svc = Annotated[Services, Depends(services)]
# POST /api/runtimes answers once the runtime is ready, or after this long with "starting"
# (meanwhile GET /api/runtimes shows it starting, with the progress of a build of its image).
CONNECT_WAIT_SECONDS = 30.0


def info(svc: Services, runtime: Runtime) -> RuntimeInfo:
    runtimes = svc.runtimes
    return RuntimeInfo.of(runtime, runtimes.queue_position(runtime), runtimes.image_status(runtime))


def info_elsewhere(found: Elsewhere) -> RuntimeInfo:
    """A runtime another replica drives, as its holder last reported it."""
    execution_state = "busy" if found.state == "busy" else "idle"
    described = RuntimeInfo.of(found.runtime, None)
    return described.model_copy(update={"state": found.state, "execution_state": execution_state})


@router.get("/runtime-types")
async def runtime_types(principal: CurrentUser, svc: Svc) -> list[RuntimeType]:
    pool = svc.runtimes.pool
    types = svc.runtimes.types_for(principal.user_id)  # with my connected machines
    return [RuntimeType.of(a, pool.size(a.type_id)) for a in types]


@router.post("/runtimes", status_code=201, responses={202: {"model": RuntimeInfo}})
async def connect(
    body: ConnectRuntime, principal: CurrentUser, svc: Svc, response: Response
) -> RuntimeInfo:
    notebook = await svc.drive.get(principal.user_id, body.notebook_id)
    if notebook.item.kind != NOTEBOOK:
        raise NotFound("No such notebook: it does not exist or is not yours.")
    require(notebook.role, EDITOR)  # a shared notebook runs on each editor's own runtime
    runtime = await svc.runtimes.connect(
        principal.user, body.notebook_id, body.runtime_type, wait=body.wait
    )
    if runtime.state == "queued":
        response.status_code = 202
    else:
        await svc.runtimes.wait_until_started(runtime, CONNECT_WAIT_SECONDS)
    return info(svc, runtime)


@router.get("/runtimes")
async def list_runtimes(principal: CurrentUser, svc: Svc) -> list[RuntimeInfo]:
    """Every runtime of mine: those this server drives, and those other replicas do."""
    here = [info(svc, r) for r in svc.runtimes.for_user(principal.user_id)]
    elsewhere = await runtimes_elsewhere(svc.runtimes, principal.user_id)
    return sorted(here + [info_elsewhere(e) for e in elsewhere], key=lambda r: r.created_at)


@router.get(
    "/runtimes/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def runtime_events(principal: CurrentUser, svc: Svc) -> StreamingResponse:
    """Server-sent events about my runtimes: state changes, culling warnings, deaths."""
    stream = event_stream(svc.runtimes.events, principal.user_id)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


@router.get("/runtimes/{runtime_id}")
async def get_runtime(runtime_id: str, principal: CurrentUser, svc: Svc) -> RuntimeInfo:
    if svc.runtimes.held(runtime_id) is None:
        for found in await runtimes_elsewhere(svc.runtimes, principal.user_id, runtime_id):
            return info_elsewhere(found)
    return info(svc, svc.runtimes.get(principal.user_id, runtime_id))


@router.delete("/runtimes/{runtime_id}", status_code=204)
async def delete_runtime(runtime_id: str, principal: CurrentUser, svc: Svc) -> None:
    await svc.notebook_runner.delete(await svc.runtimes.obtain(principal.user_id, runtime_id))


@router.post("/runtimes/{runtime_id}/interrupt")
async def interrupt(runtime_id: str, principal: CurrentUser, svc: Svc) -> RuntimeInfo:
    runtime = await svc.runtimes.obtain(principal.user_id, runtime_id)
    await commands.interrupt(svc.notebook_runner, runtime)
    return info(svc, runtime)


@router.post("/runtimes/{runtime_id}/restart")
async def restart(runtime_id: str, principal: CurrentUser, svc: Svc) -> RuntimeInfo:
    runtime = await svc.runtimes.obtain(principal.user_id, runtime_id)
    await commands.restart(svc.notebook_runner, runtime)
    return info(svc, runtime)


@router.post("/runtimes/{runtime_id}/reset")
async def reset(runtime_id: str, principal: CurrentUser, svc: Svc) -> RuntimeInfo:
    runtime = await svc.runtimes.obtain(principal.user_id, runtime_id)
    await commands.restart(svc.notebook_runner, runtime, reset=True)
    return info(svc, runtime)


@router.get("/runtimes/{runtime_id}/usage")
async def usage(runtime_id: str, principal: CurrentUser, svc: Svc) -> RuntimeUsage:
    """The runtime's meters; not reported by a replica that does not drive it (the editor's
    meters must not pull a runtime between replicas)."""
    if svc.runtimes.held(runtime_id) is None and await runtimes_elsewhere(
        svc.runtimes, principal.user_id, runtime_id
    ):
        return RuntimeUsage.of(Usage.not_reported())
    runtime = svc.runtimes.get(principal.user_id, runtime_id)
    return RuntimeUsage.of(await svc.runtimes.usage(runtime))
