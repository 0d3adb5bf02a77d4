"""Who is asking: the server's own checks for REST, the same credentials on websockets.

``collaboratory.server`` imports this package to mount its routes, so ``collaboratory.server``
is imported here only when a request runs, never at import time.

FastAPI gives websocket routes no ``Request``, which the server's dependency takes, so the
handshake is checked here the same way. A browser sends cookies whatever page opens a socket,
so cookie handshakes must come from our own origin; tokens are never sent implicitly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from starlette.websockets import WebSocket

from collaboratory.accounts.principal import Principal
from collaboratory.errors import Forbidden, ServiceError, Unauthorized

if TYPE_CHECKING:
    from collaboratory.server.services import Services

POLICY_VIOLATION = 1008


async def request_principal(request: Request) -> Principal:
    """``collaboratory.server.auth.CurrentUser``: cookie (+ XSRF for changes) or API token."""
    from collaboratory.server.auth import optional_principal, require_principal

    return await require_principal(await optional_principal(request))


CurrentUser = Annotated[Principal, Depends(request_principal)]


async def websocket_principal(websocket: WebSocket) -> Principal:
    """The signed-in user of a handshake; raises ``Unauthorized`` or ``Forbidden``."""
    from collaboratory.server.auth import SECURE_SESSION_COOKIE, SESSION_COOKIE

    services: Services = websocket.app.state.services
    token = _bearer_token(websocket)
    if token is not None:
        principal = await services.accounts.resolve_token(token)
        if principal is None:
            raise Unauthorized("This API token is not valid. Create a new one.", code="bad_token")
        return principal
    cookie = websocket.cookies.get(SECURE_SESSION_COOKIE) or websocket.cookies.get(SESSION_COOKIE)
    if cookie is not None:
        _check_origin(websocket, services)
        principal = await services.accounts.resolve_session(cookie)
        if principal is not None:
            return principal
    raise Unauthorized("Sign in or continue as a guest first.")


def _bearer_token(websocket: WebSocket) -> str | None:
    scheme, _, value = websocket.headers.get("authorization", "").partition(" ")
    if scheme.lower() in ("bearer", "token") and value.strip():
        return value.strip()
    return websocket.query_params.get("token") or None


def _check_origin(websocket: WebSocket, services: Services) -> None:
    origin = websocket.headers.get("origin")
    if origin is None:
        return  # not a browser: browsers always send Origin on websocket handshakes
    allowed = {websocket.headers.get("host", "")}
    public = services.settings.server.public_url
    if public:
        allowed.add(urlsplit(public).netloc)
    if urlsplit(origin).netloc not in allowed:
        raise Forbidden("Pages from other sites cannot open kernel connections.", code="bad_origin")


async def deny(websocket: WebSocket, error: ServiceError) -> None:
    """Refuse a handshake with the HTTP status and JSON body REST would answer with."""
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        body = {"error": {"code": error.code, "message": error.message}}
        await websocket.send_denial_response(JSONResponse(body, status_code=error.status))
    else:
        await websocket.close(POLICY_VIOLATION, error.message[:120])
