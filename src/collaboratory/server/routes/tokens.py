from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.schemas import TokenCreated, TokenInfo, TokenRequest
from collaboratory.server.services import Services

router = APIRouter(prefix="/tokens", tags=["accounts"])
Svc = Annotated[Services, Depends(services)]


@router.post("", status_code=201)
async def create_token(body: TokenRequest, principal: CurrentUser, svc: Svc) -> TokenCreated:
    record, token = await svc.accounts.create_token(principal, body.name)
    return TokenCreated(id=record.id, name=record.name, token=token, created_at=record.created_at)


@router.get("")
async def list_tokens(principal: CurrentUser, svc: Svc) -> list[TokenInfo]:
    return [TokenInfo.of(t) for t in await svc.accounts.list_tokens(principal)]


@router.delete("/{token_id}", status_code=204)
async def delete_token(token_id: str, principal: CurrentUser, svc: Svc) -> None:
    await svc.accounts.delete_token(principal, token_id)
