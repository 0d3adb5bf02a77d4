"""Who opens a kernel websocket: the same credentials as REST, checked on the handshake.

The REST dependency (``collaboratory.server.auth.CurrentUser``) takes a ``Request``, which
FastAPI does not give websocket routes, so the handshake is checked here the same way. A cookie
is sent by the browser whatever page opens the socket, so cookie handshakes must come from our
own origin; tokens are not sent implicitly and need no such check.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi.responses import JSONResponse
from starlette.websockets import WebSocket

from collaboratory.accounts.principal import Principal
from collaboratory.errors import Forbidden, ServiceError, Unauthorized
from collaboratory.server.auth import SECURE_SESSION_COOKIE, SESSION_COOKIE
from collaboratory.server.services import Services

POLICY_VIOLATION = 1008


async def websocket_principal(websocket: WebSocket) -> Principal:
    """The signed-in user of a handshake; raises ``Unauthorized`` or ``Forbidden``."""
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
