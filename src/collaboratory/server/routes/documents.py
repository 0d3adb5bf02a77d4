"""``WS /api/notebooks/{notebook_id}/sync``: y-protocols sync and awareness of a live notebook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.websockets import WebSocket

from collaboratory.documents.access import may_edit
from collaboratory.documents.sync import Connection
from collaboratory.errors import Forbidden, ServiceError
from collaboratory.execution.control import NotebookControl
from collaboratory.kernel_api.auth import deny, websocket_principal
from collaboratory.server.auth import services
from collaboratory.server.services import Services

router = APIRouter(prefix="/api", tags=["notebooks"])


@router.websocket("/notebooks/{notebook_id}/sync")
async def sync(
    websocket: WebSocket, notebook_id: str, svc: Annotated[Services, Depends(services)]
) -> None:
    try:
        try:
            principal = await websocket_principal(websocket)
        except Forbidden as exc:
            if exc.code != "bad_origin":
                raise
            raise Forbidden(
                "Pages from other sites cannot open notebooks.", code="bad_origin"
            ) from exc
        documents = svc.documents
        role = await documents.role(principal.user_id, notebook_id)
        room = await documents.open(principal.user_id, notebook_id)
    except ServiceError as exc:
        await deny(websocket, exc)
        return
    await websocket.accept()
    connection: Connection | None = None

    def may_run() -> bool:
        return connection is not None and may_edit(connection.role)

    def control(send: Callable[[str], None]) -> NotebookControl:
        """Runs cells and answers the socket's other JSON requests."""
        return NotebookControl(svc.notebook_runner, principal.user, notebook_id, send, may_run)

    name = principal.user.username or "Guest"
    connection = Connection(
        websocket, room, control, user_id=principal.user_id, user_name=name, role=role
    )
    await connection.serve()
