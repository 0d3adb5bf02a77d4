"""``collaboratory connect``: the machine link websocket and the list of my machines.

The protocol is described in :mod:`collaboratory.runtimes.remote.protocol`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, WebSocket
from pydantic import BaseModel, Field

from collaboratory.errors import BadRequest, Conflict, NotFound, ServiceError, Unauthorized
from collaboratory.kernel_api.auth import deny
from collaboratory.runtimes.remote.protocol import NAME_PATTERN
from collaboratory.server.auth import CurrentUser, bearer_token, resolve_principal, services
from collaboratory.server.services import Services

router = APIRouter(prefix="/machines", tags=["runtimes"])
Svc = Annotated[Services, Depends(services)]
PACKAGES_SECONDS = 20.0


class MachineInfo(BaseModel):
    id: str = Field(description="Its runtime type id, as Change runtime type offers it.")
    name: str
    connected: bool
    runtimes: list[str] = Field(description="Ids of the runtimes whose kernels run on it.")
    python: str
    platform: str


@router.get("")
async def list_machines(principal: CurrentUser, svc: Svc) -> list[MachineInfo]:
    """My machines that `collaboratory connect` linked since the server started."""
    return [
        MachineInfo(
            id=m.type_id,
            name=m.name,
            connected=m.linked(),
            runtimes=[k.runtime_id for k in m.kernels.values()],
            python=m.details.get("python", ""),
            platform=m.details.get("platform", ""),
        )
        for m in svc.runtimes.machines.for_user(principal.user_id)
    ]


class InstalledPackage(BaseModel):
    name: str
    version: str


@router.get("/{machine_id}/packages")
async def machine_packages(
    machine_id: str, principal: CurrentUser, svc: Svc
) -> list[InstalledPackage]:
    """The Python packages installed where the machine's kernels run (Tools > Compare runtime
    environments)."""
    machine = svc.runtimes.machines.get(principal.user_id, machine_id)
    if machine is None:
        raise NotFound("No such machine of yours: run `collaboratory connect` on it first.")
    if not machine.linked():
        raise Conflict(f"Your machine '{machine.name}' is not connected now.")
    answer = await machine.request("packages", seconds=PACKAGES_SECONDS)
    listed = answer.get("packages")
    if not isinstance(listed, list):
        return []
    return [
        InstalledPackage(name=str(p.get("name", "")), version=str(p.get("version", "")))
        for p in listed
        if isinstance(p, dict) and p.get("name")
    ]


@router.websocket("/connect")
async def connect_machine(websocket: WebSocket) -> None:
    """The link of `collaboratory connect`: a personal API token in ``Authorization``."""
    svc = services(websocket)
    try:
        if bearer_token(websocket) is None:
            raise Unauthorized(
                "Connecting a machine needs a personal API token: create one under "
                "Tools › Settings › API tokens and pass it with --token."
            )
        principal = await resolve_principal(websocket)
        assert principal is not None  # a token that resolves to nobody raised Unauthorized
        name = websocket.query_params.get("name", "")
        instance = websocket.query_params.get("instance", "")
        if not NAME_PATTERN.match(name) or not 8 <= len(instance) <= 64:
            raise BadRequest(
                "Give the machine a name of 1 to 40 letters, digits, spaces, dots, dashes or "
                "underscores (--name), and an instance id of 8 to 64 characters."
            )
        machine = await svc.runtimes.machines.attach(principal.user_id, name, instance)
    except ServiceError as exc:
        await deny(websocket, exc)
        return
    token = bearer_token(websocket) or ""

    async def still_valid() -> bool:  # a revoked token, a disabled user: the link closes
        return await svc.accounts.resolve_token(token) is not None

    await websocket.accept()
    await svc.runtimes.machines.serve(websocket, machine, still_valid)
