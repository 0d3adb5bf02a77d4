"""The runtime's files (Colab's *Files* side panel): browse, download, upload, delete, mkdir."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from collaboratory.drive.multipart import read_form
from collaboratory.drive.storage import BlobStore
from collaboratory.errors import BadRequest, Conflict, TooLarge
from collaboratory.runtimes.errors import RuntimeNotReady
from collaboratory.runtimes.files import OpenedFile, RuntimeFiles
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.schemas import FromRecord, multipart_upload
from collaboratory.server.services import Services

router = APIRouter(prefix="/runtimes/{runtime_id}/files", tags=["runtimes"])
Svc = Annotated[Services, Depends(services)]
# Room for multipart boundaries beside the file (as for Drive uploads).
MULTIPART_OVERHEAD = 64 * 1024
READ_CHUNK = 256 * 1024
# Partial uploads wait beside /content (same file system, invisible to the kernel).
STAGING = "uploads"

PathQuery = Annotated[str, Query(description="Relative to /content, e.g. 'data/a.csv'.")]
DirectoryQuery = Annotated[
    str, Query(description="A folder relative to /content; /content itself if empty.")
]


class RuntimeFile(FromRecord):
    name: str
    path: str
    kind: Literal["file", "directory"]
    size: int
    modified: datetime


def runtime_files(svc: Services, user_id: str, runtime_id: str) -> RuntimeFiles:
    kernel = svc.runtimes.get(user_id, runtime_id).kernel
    if kernel is None:
        raise RuntimeNotReady(
            "The runtime has not started yet: its files can be browsed once it is connected."
        )
    root = kernel.files_root()
    if root is None:
        raise Conflict(
            "This runtime's files live elsewhere and cannot be browsed from here.",
            code="files_unavailable",
        )
    if not root.is_dir():
        raise RuntimeNotReady("The runtime's files are gone: it was shut down. Reconnect.")
    return RuntimeFiles(root)


@router.get("")
async def list_files(
    runtime_id: str, principal: CurrentUser, svc: Svc, path: DirectoryQuery = ""
) -> list[RuntimeFile]:
    files = runtime_files(svc, principal.user_id, runtime_id)
    return [RuntimeFile.of(e) for e in await asyncio.to_thread(files.list_directory, path)]


async def _chunks(opened: OpenedFile) -> AsyncIterator[bytes]:
    async with anyio.wrap_file(opened.file) as f:
        while chunk := await f.read(READ_CHUNK):
            yield chunk


@router.get(
    "/content",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_file(
    runtime_id: str, principal: CurrentUser, svc: Svc, path: PathQuery
) -> StreamingResponse:
    files = runtime_files(svc, principal.user_id, runtime_id)
    opened = await asyncio.to_thread(files.open, path)
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(opened.name)}",
        "Content-Length": str(opened.size),
        # Written by user code and served from our origin: never let a browser run it here.
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
    }
    return StreamingResponse(
        _chunks(opened), media_type="application/octet-stream", headers=headers
    )


@router.post(
    "",
    status_code=201,
    openapi_extra=multipart_upload(),
)
async def upload_file(
    runtime_id: str, request: Request, principal: CurrentUser, svc: Svc, path: DirectoryQuery = ""
) -> RuntimeFile:
    """Upload one file into the folder ``path``; a file of that name is replaced."""
    files = runtime_files(svc, principal.user_id, runtime_id)
    limit = svc.settings.drive.max_upload_bytes
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit + MULTIPART_OVERHEAD:
        raise TooLarge(f"The file is larger than the upload limit of {limit} bytes.")
    staging = BlobStore(files.root.parent / STAGING)
    await asyncio.to_thread(staging.prepare)
    content_type = request.headers.get("content-type", "")
    form = await read_form(request.stream(), content_type, staging, limit)
    if form.file is None:
        raise BadRequest("Send the file in a form field named 'file'.", code="bad_upload")
    try:
        source = staging.partial_path(form.file.blob)
        entry = await asyncio.to_thread(files.place, path, form.file.filename, source)
    finally:
        await asyncio.to_thread(staging.delete, form.file.blob)  # gone once placed
    return RuntimeFile.of(entry)


@router.delete("", status_code=204)
async def delete_file(runtime_id: str, principal: CurrentUser, svc: Svc, path: PathQuery) -> None:
    """Delete a file, or a folder with everything in it."""
    files = runtime_files(svc, principal.user_id, runtime_id)
    await asyncio.to_thread(files.delete, path)


@router.post("/directory", status_code=201)
async def make_directory(
    runtime_id: str, principal: CurrentUser, svc: Svc, path: PathQuery
) -> RuntimeFile:
    files = runtime_files(svc, principal.user_id, runtime_id)
    return RuntimeFile.of(await asyncio.to_thread(files.make_directory, path))
