"""``WS /api/notebooks/{notebook_id}/sync``: y-protocols sync and awareness of a live notebook."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.websockets import WebSocket

from collaboratory.documents.service import DocumentService
from collaboratory.documents.sync import Connection
from collaboratory.errors import Forbidden, ServiceError
from collaboratory.kernel_api.auth import deny, websocket_principal

router = APIRouter(prefix="/api", tags=["notebooks"])


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
        room = await documents_of(websocket).open(principal.user_id, notebook_id)
    except ServiceError as exc:
        await deny(websocket, exc)
        return
    await websocket.accept()
    await Connection(websocket, room).serve()
