from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from collaboratory.server.auth import (
    XSRF_COOKIE,
    CurrentUser,
    MaybeUser,
    clear_session_cookies,
    same_origin_only,
    services,
    set_session_cookies,
    set_xsrf_cookie,
)
from collaboratory.server.schemas import Credentials, User
from collaboratory.server.services import Services

router = APIRouter(prefix="/auth", tags=["accounts"], dependencies=[Depends(same_origin_only)])
me_router = APIRouter(tags=["accounts"])
Svc = Annotated[Services, Depends(services)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/guest")
async def start_guest(request: Request, response: Response, svc: Svc) -> User:
    signed_in = await svc.accounts.start_guest()
    set_session_cookies(request, response, signed_in)
    return User.of(signed_in.user)


@router.post("/signup", status_code=201)
async def signup(
    body: Credentials, request: Request, response: Response, svc: Svc, current: MaybeUser
) -> User:
    signed_in = await svc.accounts.signup(body.username, body.password, current)
    set_session_cookies(request, response, signed_in)
    return User.of(signed_in.user)


@router.post("/login")
async def login(
    body: Credentials, request: Request, response: Response, svc: Svc, current: MaybeUser
) -> User:
    signed_in = await svc.accounts.login(
        body.username, body.password, client_address(request), current
    )
    set_session_cookies(request, response, signed_in)
    return User.of(signed_in.user)


@router.post("/logout", status_code=204)
async def logout(principal: CurrentUser, response: Response, svc: Svc) -> None:
    await svc.accounts.logout(principal)
    clear_session_cookies(response)


@me_router.get("/me")
async def me(principal: CurrentUser, request: Request, response: Response) -> User:
    session = principal.session
    if session is not None and request.cookies.get(XSRF_COOKIE) != session.xsrf_token:
        remaining = int((session.expires_at - session.created_at).total_seconds())
        set_xsrf_cookie(request, response, session.xsrf_token, remaining)
    return User.of(principal.user)
