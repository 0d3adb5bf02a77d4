"""Large files into a runtime's /content in chunks (``files.upload()`` and the Files panel): the
browser sends one slice of the file per request at its offset, the server appends it to a
partial file beside /content (on the runtime's own disk), and the last chunk moves it into
place. Memory stays at one network read whatever the file's size; a cut-off upload resumes at
the offset the server reports.
"""

from __future__ import annotations

import asyncio
import re
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from collaboratory.drive.storage import BlobStore
from collaboratory.errors import BadRequest, Conflict, TooLarge
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.routes.runtime_files import (
    STAGING,
    DirectoryQuery,
    RuntimeFile,
    runtime_files,
)
from collaboratory.server.services import Services

router = APIRouter(prefix="/runtimes/{runtime_id}/files/chunks", tags=["runtimes"])
Svc = Annotated[Services, Depends(services)]
MiB = 1024 * 1024
# One request carries at most this much (the browser sends 16 MiB slices).
MAX_CHUNK_BYTES = 64 * MiB
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")

UploadId = Annotated[
    str, Path(description="The browser's id for this upload: 32 lowercase hex digits.")
]


class ChunkReceived(BaseModel):
    received: int = Field(description="Bytes of the file the server has, in order.")
    file: RuntimeFile | None = Field(None, description="The file, once every byte arrived.")


@router.put("/{upload_id}")
async def put_chunk(
    runtime_id: str,
    upload_id: UploadId,
    request: Request,
    principal: CurrentUser,
    svc: Svc,
    name: Annotated[str, Query(min_length=1, max_length=255, description="The file's name.")],
    offset: Annotated[int, Query(ge=0, description="Where this chunk starts in the file.")],
    size: Annotated[int, Query(ge=0, description="The whole file's size in bytes.")],
    path: DirectoryQuery = "",
) -> ChunkReceived:
    """Append the request body (raw bytes) at ``offset``; the chunk that completes ``size``
    bytes puts the file into the folder ``path`` (a file of that name is replaced)."""
    if not UPLOAD_ID.fullmatch(upload_id):
        raise BadRequest("The upload id must be 32 lowercase hex digits.", code="bad_upload")
    runtime = svc.runtimes.get(principal.user_id, runtime_id)
    files = runtime_files(svc, principal.user_id, runtime_id)
    limit = max(svc.settings.drive.max_upload_bytes, runtime.runtime_type.disk_mb * MiB)
    if size > limit:
        raise TooLarge(f"The file is larger than this runtime's disk ({limit} bytes).")
    staging = BlobStore(files.root.parent / STAGING)
    await asyncio.to_thread(staging.prepare)
    partial = staging.partial_path(upload_id)
    have = partial.stat().st_size if partial.exists() else 0
    if offset != have:
        raise Conflict(
            f"This chunk starts at byte {offset}, but the server has {have} bytes of the file. "
            f"Send the chunk that starts at byte {have}.",
            code="wrong_offset",
        )
    received = have
    async with await anyio.open_file(partial, "ab") as out:
        async for data in request.stream():
            received += len(data)
            if received > size or received - have > MAX_CHUNK_BYTES:
                await out.truncate(have)
                raise BadRequest(
                    "The chunk runs past the file's size, or is over 64 MiB.", code="bad_upload"
                )
            await out.write(data)
    if received < size:
        return ChunkReceived(received=received)
    entry = await asyncio.to_thread(files.place, path, name, partial)
    return ChunkReceived(received=received, file=RuntimeFile.of(entry))


@router.delete("/{upload_id}", status_code=204)
async def abort_upload(
    runtime_id: str, upload_id: UploadId, principal: CurrentUser, svc: Svc
) -> None:
    """Drop what arrived of an upload that will not finish."""
    if not UPLOAD_ID.fullmatch(upload_id):
        raise BadRequest("The upload id must be 32 lowercase hex digits.", code="bad_upload")
    files = runtime_files(svc, principal.user_id, runtime_id)
    staging = BlobStore(files.root.parent / STAGING)
    await asyncio.to_thread(staging.partial_path(upload_id).unlink, True)
