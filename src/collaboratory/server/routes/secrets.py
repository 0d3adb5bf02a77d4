"""A user's secrets (*Secrets* panel) for ``google.colab.userdata``; values are write-mostly:
listed by name only, read back one at a time by their owner."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from collaboratory.accounts.secrets import SecretInfo
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.services import Services

router = APIRouter(prefix="/secrets", tags=["secrets"])
Svc = Annotated[Services, Depends(services)]


class SecretOut(BaseModel):
    name: str
    updated_at: datetime
    notebook_access: bool | None = Field(
        None, description="Whether the notebook asked about (notebook_id) may read it"
    )

    @classmethod
    def of(cls, info: SecretInfo) -> SecretOut:
        return cls(name=info.name, updated_at=info.updated_at, notebook_access=info.notebook_access)


class SecretValue(BaseModel):
    value: str


class SecretRevealed(BaseModel):
    name: str
    value: str


class AccessRequest(BaseModel):
    granted: bool


@router.get("")
async def list_secrets(
    principal: CurrentUser, svc: Svc, notebook_id: str | None = None
) -> list[SecretOut]:
    if notebook_id is not None:
        await svc.documents.role(principal.user_id, notebook_id)
    return [SecretOut.of(s) for s in await svc.secrets.list(principal.user_id, notebook_id)]


@router.put("/{name}")
async def put_secret(name: str, body: SecretValue, principal: CurrentUser, svc: Svc) -> SecretOut:
    return SecretOut.of(await svc.secrets.put(principal.user_id, name, body.value))


@router.get("/{name}")
async def reveal_secret(name: str, principal: CurrentUser, svc: Svc) -> SecretRevealed:
    return SecretRevealed(name=name, value=await svc.secrets.reveal(principal.user_id, name))


@router.delete("/{name}", status_code=204)
async def delete_secret(name: str, principal: CurrentUser, svc: Svc) -> None:
    await svc.secrets.delete(principal.user_id, name)


@router.put("/{name}/access/{notebook_id}", status_code=204)
async def set_notebook_access(
    name: str, notebook_id: str, body: AccessRequest, principal: CurrentUser, svc: Svc
) -> None:
    """*Notebook access*: whether cells of this notebook (run by you) may read the secret."""
    await svc.documents.role(principal.user_id, notebook_id)
    await svc.secrets.set_access(principal.user_id, name, notebook_id, body.granted)
