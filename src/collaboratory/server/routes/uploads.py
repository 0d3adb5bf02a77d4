"""Chunked uploads for files too large for one request."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from collaboratory.drive.models import NOTEBOOK
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.schemas import StartUpload, UploadSession
from collaboratory.server.services import Services

router = APIRouter(prefix="/drive/uploads", tags=["drive"])
Svc = Annotated[Services, Depends(services)]


@router.post("", status_code=201)
async def start_upload(body: StartUpload, principal: CurrentUser, svc: Svc) -> UploadSession:
    upload = await svc.uploads.start(principal.user_id, body.name, body.size, body.parent)
    return UploadSession.of(upload, svc.uploads.chunk_bytes)


@router.get("/{upload_id}")
async def get_upload(upload_id: str, principal: CurrentUser, svc: Svc) -> UploadSession:
    upload = await svc.uploads.get(principal.user_id, upload_id)
    return UploadSession.of(upload, svc.uploads.chunk_bytes)


@router.put(
    "/{upload_id}",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def put_chunk(
    upload_id: str,
    request: Request,
    principal: CurrentUser,
    svc: Svc,
    offset: Annotated[int, Query(ge=0, description="Where this chunk starts in the file.")],
) -> UploadSession:
    state = await svc.uploads.put(principal.user_id, upload_id, offset, request.stream())
    if state.entry is not None and state.entry.item.kind == NOTEBOOK:
        await svc.documents.create(principal.user_id, state.entry.item.id)
    return UploadSession.of(state.upload, svc.uploads.chunk_bytes, state.entry)


@router.delete("/{upload_id}", status_code=204)
async def abort_upload(upload_id: str, principal: CurrentUser, svc: Svc) -> None:
    await svc.uploads.abort(principal.user_id, upload_id)
