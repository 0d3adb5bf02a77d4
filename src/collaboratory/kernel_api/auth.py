"""Who is asking: the server's own checks for REST, the same credentials on websockets.

``collaboratory.server`` imports this package to mount its routes, so ``collaboratory.server``
is imported here only when a request runs, never at import time.

FastAPI gives websocket routes no ``Request``, which the server's dependency takes, so the
handshake is checked here with the server's own functions. A browser sends cookies whatever
page opens a socket, so cookie handshakes must come from our own origin; tokens are never sent
implicitly.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from starlette.websockets import WebSocket

from collaboratory.accounts.principal import Principal
from collaboratory.errors import ServiceError, Unauthorized

POLICY_VIOLATION = 1008


async def request_principal(request: Request) -> Principal:
    """``collaboratory.server.auth.CurrentUser``: cookie (+ XSRF for changes) or API token."""
    from collaboratory.server.auth import optional_principal, require_principal

    return await require_principal(await optional_principal(request))


CurrentUser = Annotated[Principal, Depends(request_principal)]


async def websocket_principal(websocket: WebSocket) -> Principal:
    """The signed-in user of a handshake; raises ``Unauthorized`` or ``Forbidden``."""
    from collaboratory.server.auth import (
        bearer_token,
        check_origin,
        resolve_principal,
        session_token,
    )

    if bearer_token(websocket) is None and session_token(websocket) is not None:
        check_origin(websocket, "open kernel connections")  # cookies ride along cross-site
    principal = await resolve_principal(websocket)
    if principal is None:
        raise Unauthorized("Sign in or continue as a guest first.")
    return principal


async def deny(websocket: WebSocket, error: ServiceError) -> None:
    """Refuse a handshake with the HTTP status and JSON body REST would answer with."""
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        body = {"error": {"code": error.code, "message": error.message}}
        await websocket.send_denial_response(JSONResponse(body, status_code=error.status))
    else:
        await websocket.close(POLICY_VIOLATION, error.message[:120])
