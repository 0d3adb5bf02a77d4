from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from collaboratory.drive.models import FOLDER, NOTEBOOK
from collaboratory.drive.multipart import read_form
from collaboratory.drive.notebooks import NOTEBOOK_MEDIA_TYPE
from collaboratory.drive.roles import OWNER
from collaboratory.drive.service import Entry
from collaboratory.errors import BadRequest, TooLarge
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.schemas import (
    CopyNotebook,
    CreateItem,
    DriveItem,
    UpdateItem,
    multipart_upload,
)
from collaboratory.server.services import Services

router = APIRouter(prefix="/drive", tags=["drive"])
Svc = Annotated[Services, Depends(services)]
# Room for multipart boundaries and the small fields beside the file.
MULTIPART_OVERHEAD = 64 * 1024


async def described(svc: Services, user: str, entries: list[Entry]) -> list[DriveItem]:
    """Items as the API shows them, with the owner's sharing summary (one query for all)."""
    found = await svc.sharing.summaries(user, entries)
    return [DriveItem.of(e, found.get(e.item.id)) for e in entries]


@router.get("/items")
async def list_items(
    principal: CurrentUser,
    svc: Svc,
    parent: Annotated[
        str | None, Query(description="Folder id; the top of Drive if omitted.")
    ] = None,
    trashed: Annotated[bool, Query(description="List the trash instead.")] = False,
) -> list[DriveItem]:
    if trashed:
        entries = await svc.drive.list_trash(principal.user_id)
    else:
        entries = await svc.drive.list_folder(principal.user_id, parent)
    return await described(svc, principal.user_id, entries)


@router.post("/items", status_code=201)
async def create_item(body: CreateItem, principal: CurrentUser, svc: Svc) -> DriveItem:
    if body.kind == FOLDER:
        entry = await svc.drive.create_folder(principal.user_id, body.name or "", body.parent)
    else:
        entry = await svc.drive.create_notebook(principal.user_id, body.name, body.parent)
    return DriveItem.of(entry)


@router.get("/items/{item_id}")
async def get_item(item_id: str, principal: CurrentUser, svc: Svc) -> DriveItem:
    entry = await svc.drive.get(principal.user_id, item_id)
    return (await described(svc, principal.user_id, [entry]))[0]


@router.get("/items/{item_id}/path")
async def get_path(item_id: str, principal: CurrentUser, svc: Svc) -> list[DriveItem]:
    return await described(svc, principal.user_id, await svc.drive.path(principal.user_id, item_id))


@router.patch("/items/{item_id}")
async def update_item(
    item_id: str, body: UpdateItem, principal: CurrentUser, svc: Svc
) -> DriveItem:
    changes: dict[str, object] = {"name": body.name}
    if "parent" in body.model_fields_set:
        changes["parent"] = body.parent
    entry = await svc.drive.update(principal.user_id, item_id, **changes)  # type: ignore[arg-type]
    return (await described(svc, principal.user_id, [entry]))[0]


@router.delete("/items/{item_id}", status_code=204)
async def delete_item(
    item_id: str,
    principal: CurrentUser,
    svc: Svc,
    permanent: Annotated[bool, Query(description="Delete for good instead of trashing.")] = False,
) -> None:
    if permanent:
        await svc.drive.delete_forever(principal.user_id, item_id)
    else:
        await svc.drive.trash(principal.user_id, item_id)
    await svc.documents.recheck_access()  # only the owner reaches a trashed notebook


@router.post("/items/{item_id}/restore")
async def restore_item(item_id: str, principal: CurrentUser, svc: Svc) -> DriveItem:
    entry = await svc.drive.restore(principal.user_id, item_id)
    return (await described(svc, principal.user_id, [entry]))[0]


@router.post("/items/{item_id}/copy", status_code=201)
async def copy_notebook(
    item_id: str, body: CopyNotebook, principal: CurrentUser, svc: Svc
) -> DriveItem:
    """File, Save a copy: a new notebook of mine holding the live document as it is now
    (anyone who can open a notebook can copy it)."""
    original = await svc.drive.get(principal.user_id, item_id)
    if original.item.kind != NOTEBOOK:
        raise BadRequest("Only notebooks can be copied.", code="not_a_notebook")
    content = (await svc.documents.ipynb(principal.user_id, item_id)).encode()
    blob = await svc.drive.blobs.put(content)
    parent = body.parent if "parent" in body.model_fields_set else original.item.parent_id
    if original.role != OWNER and "parent" not in body.model_fields_set:
        parent = None  # not into the owner's folder: to the top of my Drive
    entry = await svc.drive.add_upload(
        principal.user_id, parent, body.name or f"Copy of {original.item.name}", blob, None
    )
    await svc.documents.create(principal.user_id, entry.item.id)
    return DriveItem.of(entry)


@router.get(
    "/items/{item_id}/content",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "A notebook as .ipynb; a file as it was uploaded, of its own type.",
            "content": {
                NOTEBOOK_MEDIA_TYPE: {"schema": {"type": "object"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                "*/*": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def download(item_id: str, principal: CurrentUser, svc: Svc) -> StreamingResponse:
    item, blob = await svc.drive.content(principal.user_id, item_id)
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(item.name)}",
        # Uploaded files are served from our origin: never let a browser run them here.
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
    }
    if item.kind == NOTEBOOK:  # the live document is the truth; .ipynb is its export
        body = (await svc.documents.ipynb(principal.user_id, item_id)).encode()
        headers["Content-Length"] = str(len(body))
        return StreamingResponse(iter([body]), media_type=NOTEBOOK_MEDIA_TYPE, headers=headers)
    headers["Content-Length"] = str(item.size)
    media_type = item.content_type or "application/octet-stream"
    return StreamingResponse(svc.drive.blobs.stream(blob), media_type=media_type, headers=headers)


@router.post(
    "/upload",
    status_code=201,
    openapi_extra=multipart_upload("parent"),
)
async def upload(request: Request, principal: CurrentUser, svc: Svc) -> DriveItem:
    """Upload one file; an ``.ipynb`` is validated and becomes a notebook."""
    limit = svc.settings.drive.max_upload_bytes
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit + MULTIPART_OVERHEAD:
        raise TooLarge(f"The file is larger than the upload limit of {limit} bytes.")
    form = await read_form(
        request.stream(), request.headers.get("content-type", ""), svc.drive.blobs, limit
    )
    if form.file is None:
        raise BadRequest("Send the file in a form field named 'file'.", code="bad_upload")
    svc.drive.blobs.commit(form.file.blob)
    entry = await svc.drive.add_upload(
        principal.user_id,
        form.fields.get("parent") or None,
        form.file.filename,
        form.file.blob,
        form.file.content_type,
    )
    if entry.item.kind == NOTEBOOK:
        await svc.documents.create(principal.user_id, entry.item.id)
    return DriveItem.of(entry)
