"""``/api/kernels``: start, list, interrupt, restart and shut down one's own kernels."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict

from collaboratory.kernel_api.auth import CurrentUser
from collaboratory.kernel_api.backend import provider_of
from collaboratory.kernel_api.json_body import JsonBodyRoute
from collaboratory.kernel_api.kernelspecs import checked_kernelspec
from collaboratory.kernel_api.models import kernel_model
from collaboratory.kernel_api.registry import registry_of

router = APIRouter(tags=["jupyter"], route_class=JsonBodyRoute)


class StartKernel(BaseModel):
    # Jupyter clients also send "path" and gateway clients "env"; neither applies here.
    model_config = ConfigDict(extra="allow")
    name: str | None = None


@router.get("/kernels")
async def list_kernels(request: Request, principal: CurrentUser) -> list[dict[str, Any]]:
    kernels = await provider_of(request).list_kernels(principal.user_id)
    return [kernel_model(kernel) for kernel in kernels]


@router.post("/kernels", status_code=201)
async def start_kernel(
    request: Request, response: Response, principal: CurrentUser, body: StartKernel | None = None
) -> dict[str, Any]:
    provider = provider_of(request)
    name = checked_kernelspec(provider, body.name if body else None)
    kernel = await provider.start_kernel(principal.user_id, name)
    response.headers["Location"] = f"/api/kernels/{kernel.kernel_id}"
    return kernel_model(kernel)


@router.get("/kernels/{kernel_id}")
async def get_kernel(kernel_id: str, request: Request, principal: CurrentUser) -> dict[str, Any]:
    return kernel_model(await provider_of(request).get_kernel(principal.user_id, kernel_id))


@router.delete("/kernels/{kernel_id}", status_code=204)
async def shutdown_kernel(kernel_id: str, request: Request, principal: CurrentUser) -> Response:
    await provider_of(request).shutdown_kernel(principal.user_id, kernel_id)
    await registry_of(request).kernel_gone(kernel_id)
    return Response(status_code=204)


@router.post("/kernels/{kernel_id}/interrupt", status_code=204)
async def interrupt_kernel(kernel_id: str, request: Request, principal: CurrentUser) -> Response:
    await provider_of(request).interrupt_kernel(principal.user_id, kernel_id)
    return Response(status_code=204)


@router.post("/kernels/{kernel_id}/restart")
async def restart_kernel(
    kernel_id: str, request: Request, principal: CurrentUser
) -> dict[str, Any]:
    provider = provider_of(request)
    kernel = await provider.restart_kernel(principal.user_id, kernel_id)
    await registry_of(request).kernel_restarted(provider, kernel_id)
    return kernel_model(kernel)
