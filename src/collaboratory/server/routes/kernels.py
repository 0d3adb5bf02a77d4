"""``/api/kernels``: start, list, interrupt, restart and shut down one's own kernels."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict

from collaboratory.kernel_api.auth import CurrentUser
from collaboratory.kernel_api.json_body import JsonBodyRoute
from collaboratory.kernel_api.models import kernel_model
from collaboratory.server.auth import services
from collaboratory.server.routes.kernelspecs import checked_kernelspec
from collaboratory.server.services import Services

Svc = Annotated[Services, Depends(services)]
router = APIRouter(tags=["jupyter"], route_class=JsonBodyRoute)


class StartKernel(BaseModel):
    # Jupyter clients also send "path" and gateway clients "env"; neither applies here.
    model_config = ConfigDict(extra="allow")
    name: str | None = None


@router.get("/kernels")
async def list_kernels(svc: Svc, principal: CurrentUser) -> list[dict[str, Any]]:
    kernels = await svc.kernels.list_kernels(principal.user_id)
    return [kernel_model(kernel) for kernel in kernels]


@router.post("/kernels", status_code=201)
async def start_kernel(
    svc: Svc, response: Response, principal: CurrentUser, body: StartKernel | None = None
) -> dict[str, Any]:
    provider = svc.kernels
    name = checked_kernelspec(provider, body.name if body else None)
    kernel = await provider.start_kernel(principal.user_id, name)
    response.headers["Location"] = f"/api/kernels/{kernel.kernel_id}"
    return kernel_model(kernel)


@router.get("/kernels/{kernel_id}")
async def get_kernel(kernel_id: str, svc: Svc, principal: CurrentUser) -> dict[str, Any]:
    return kernel_model(await svc.kernels.get_kernel(principal.user_id, kernel_id))


@router.delete("/kernels/{kernel_id}", status_code=204)
async def shutdown_kernel(kernel_id: str, svc: Svc, principal: CurrentUser) -> Response:
    await svc.kernels.shutdown_kernel(principal.user_id, kernel_id)
    await svc.kernel_bridges.kernel_gone(kernel_id)
    return Response(status_code=204)


@router.post("/kernels/{kernel_id}/interrupt", status_code=204)
async def interrupt_kernel(kernel_id: str, svc: Svc, principal: CurrentUser) -> Response:
    await svc.kernels.interrupt_kernel(principal.user_id, kernel_id)
    return Response(status_code=204)


@router.post("/kernels/{kernel_id}/restart")
async def restart_kernel(kernel_id: str, svc: Svc, principal: CurrentUser) -> dict[str, Any]:
    provider = svc.kernels
    kernel = await provider.restart_kernel(principal.user_id, kernel_id)
    await svc.kernel_bridges.kernel_restarted(provider, kernel_id)
    return kernel_model(kernel)
