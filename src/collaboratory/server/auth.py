"""Who is asking: session cookie (+ XSRF token for changes) or an API token."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response
from starlette.requests import HTTPConnection

from collaboratory.accounts.principal import Principal
from collaboratory.accounts.service import SignedIn
from collaboratory.errors import Forbidden, Unauthorized
from collaboratory.server.services import Services

SESSION_COOKIE = "collaboratory_session"
SECURE_SESSION_COOKIE = "__Host-collaboratory_session"
XSRF_COOKIE = "_xsrf"
XSRF_HEADER = "X-XSRFToken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def services(conn: HTTPConnection) -> Services:
    svc: Services = conn.app.state.services
    return svc


def is_secure(request: Request) -> bool:
    public = services(request).settings.server.public_url
    return request.url.scheme == "https" or bool(public and public.startswith("https://"))


def bearer_token(conn: HTTPConnection) -> str | None:
    header = conn.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("bearer", "token") and value.strip():
        return value.strip()
    return conn.query_params.get("token") or None


def session_token(conn: HTTPConnection) -> str | None:
    return conn.cookies.get(SECURE_SESSION_COOKIE) or conn.cookies.get(SESSION_COOKIE)


async def resolve_principal(conn: HTTPConnection) -> Principal | None:
    """The API token's user, else the session cookie's; no XSRF or Origin check here."""
    svc = services(conn)
    token = bearer_token(conn)
    if token is not None:
        principal = await svc.accounts.resolve_token(token)
        if principal is None:
            raise Unauthorized("This API token is not valid. Create a new one.", code="bad_token")
        return principal
    cookie = session_token(conn)
    return None if cookie is None else await svc.accounts.resolve_session(cookie)


async def optional_principal(request: Request) -> Principal | None:
    principal = await resolve_principal(request)
    if principal is not None and principal.via == "session" and request.method not in SAFE_METHODS:
        check_xsrf(request, principal)
    return principal


def check_xsrf(request: Request, principal: Principal) -> None:
    assert principal.session is not None
    sent = request.headers.get(XSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), principal.session.xsrf_token.encode()):
        raise Forbidden(
            "This request lacks a valid XSRF token. Reload the page and try again.",
            code="xsrf_failed",
        )


async def require_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthorized("Sign in or continue as a guest first.")
    return principal


CurrentUser = Annotated[Principal, Depends(require_principal)]
MaybeUser = Annotated[Principal | None, Depends(optional_principal)]


def check_origin(conn: HTTPConnection, action: str = "sign in") -> None:
    """For what needs no XSRF token (sign-in, websockets): no page of another site may do it."""
    origin = conn.headers.get("origin")
    if origin is None:
        return  # not a browser: browsers always send Origin on these requests
    allowed = {conn.headers.get("host", "")}
    public = services(conn).settings.server.public_url
    if public:
        allowed.add(urlsplit(public).netloc)
    if urlsplit(origin).netloc not in allowed:
        raise Forbidden(f"Pages of other sites cannot {action} here.", code="bad_origin")


def same_origin_only(request: Request) -> None:
    """Dependency for sign-in routes, which need no XSRF token."""
    check_origin(request)


def set_session_cookies(request: Request, response: Response, signed_in: SignedIn) -> None:
    secure = is_secure(request)
    response.set_cookie(
        SECURE_SESSION_COOKIE if secure else SESSION_COOKIE,
        signed_in.session_token,
        max_age=signed_in.max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    set_xsrf_cookie(request, response, signed_in.xsrf_token, signed_in.max_age)


def set_xsrf_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        XSRF_COOKIE, token, max_age=max_age, path="/", samesite="strict", secure=is_secure(request)
    )


def clear_session_cookies(response: Response) -> None:
    for name in (SESSION_COOKIE, XSRF_COOKIE):
        response.delete_cookie(name, path="/")
    response.delete_cookie(SECURE_SESSION_COOKIE, path="/", secure=True)
