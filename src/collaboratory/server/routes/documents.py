"""``WS /api/notebooks/{notebook_id}/sync``: y-protocols sync and awareness of a live notebook."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from starlette.websockets import WebSocket

from collaboratory.accounts.models import User
from collaboratory.documents.access import may_edit
from collaboratory.documents.service import DocumentService
from collaboratory.documents.sync import Connection, Control, ControlFactory
from collaboratory.errors import Forbidden, ServiceError
from collaboratory.kernel_api.auth import deny, websocket_principal

# (user, notebook_id, send a text frame, whether the user may run cells now) -> the handler
SyncControl = Callable[[User, str, Callable[[str], None], Callable[[], bool]], Control]
router = APIRouter(prefix="/api", tags=["notebooks"])


def control_for(
    websocket: WebSocket, user: User, notebook_id: str, may_run: Callable[[], bool]
) -> ControlFactory | None:
    """The server's handler of the socket's JSON requests (running cells and so on), if any."""
    make: SyncControl | None = getattr(websocket.app.state, "sync_control", None)
    if make is None:
        return None
    return lambda send: make(user, notebook_id, send, may_run)


def documents_of(websocket: WebSocket) -> DocumentService:
    documents: DocumentService = websocket.app.state.documents
    return documents


@router.websocket("/notebooks/{notebook_id}/sync")
async def sync(websocket: WebSocket, notebook_id: str) -> None:
    try:
        try:
            principal = await websocket_principal(websocket)
        except Forbidden as exc:
            if exc.code != "bad_origin":
                raise
            raise Forbidden(
                "Pages from other sites cannot open notebooks.", code="bad_origin"
            ) from exc
        documents = documents_of(websocket)
        role = await documents.role(principal.user_id, notebook_id)
        room = await documents.open(principal.user_id, notebook_id)
    except ServiceError as exc:
        await deny(websocket, exc)
        return
    await websocket.accept()
    connection: Connection | None = None

    def may_run() -> bool:
        return connection is not None and may_edit(connection.role)

    control = control_for(websocket, principal.user, notebook_id, may_run)
    name = principal.user.username or "Guest"
    connection = Connection(
        websocket, room, control, user_id=principal.user_id, user_name=name, role=role
    )
    await connection.serve()
