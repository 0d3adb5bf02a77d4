"""``/api`` and ``/api/contents``: Jupyter Server's contents API over the Drive.

What VS Code's *Existing Jupyter Server* and JupyterLab's ``ContentsManager`` call. Bodies are
JSON whatever their Content-Type (as Jupyter Server reads them). Errors carry our
``{"error": {"code", "message"}}`` and, beside it, Jupyter's ``message`` and ``reason``, which
Jupyter clients show.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from collaboratory.contents.service import ContentsService
from collaboratory.errors import ERROR_RESPONSES, BadRequest, ServiceError
from collaboratory.kernel_api.json_body import JsonBodyRoute
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.services import Services

# The Jupyter Server REST API version these routes follow; clients read it from GET /api.
JUPYTER_SERVER_VERSION = "2.14.0"

Model = dict[str, Any]


class JupyterErrorRoute(JsonBodyRoute):
    """Answers errors with Jupyter's ``message``/``reason`` beside our ``error`` object."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handle(request)
            except ServiceError as exc:
                return jupyter_error(exc)
            except RequestValidationError as exc:
                problem = "; ".join(str(e.get("msg")) for e in exc.errors()[:3])
                return jupyter_error(BadRequest(f"The request is not valid: {problem}"))

        return answer


def jupyter_error(exc: ServiceError) -> JSONResponse:
    body = {
        "error": {"code": exc.code, "message": exc.message},
        "message": exc.message,
        "reason": exc.code,
    }
    return JSONResponse(body, status_code=exc.status)


router = APIRouter(
    prefix="/api", tags=["jupyter"], route_class=JupyterErrorRoute, responses=ERROR_RESPONSES
)


def contents(svc: Annotated[Services, Depends(services)]) -> ContentsService:
    return ContentsService(
        svc.db,
        svc.drive,
        svc.sharing,
        svc.documents,
        svc.revisions,
        svc.settings.drive.max_upload_bytes,
    )


Contents = Annotated[ContentsService, Depends(contents)]
JsonModel = Annotated[dict[str, Any] | None, Body()]


def _location(response: Response, path: str) -> None:
    response.headers["Location"] = "/api/contents/" + quote(path)


@router.get("")
async def api_version() -> dict[str, str]:
    """The Jupyter Server API version, as ``GET /api`` of Jupyter Server answers."""
    return {"version": JUPYTER_SERVER_VERSION}


@router.get("/contents/{path:path}/checkpoints")
async def list_checkpoints(path: str, principal: CurrentUser, c: Contents) -> list[Model]:
    return await c.checkpoints(principal.user_id, path)


@router.post("/contents/{path:path}/checkpoints", status_code=201)
async def create_checkpoint(
    path: str, response: Response, principal: CurrentUser, c: Contents
) -> Model:
    checkpoint = await c.create_checkpoint(principal.user_id, path)
    response.headers["Location"] = f"/api/contents/{quote(path)}/checkpoints/{checkpoint['id']}"
    return checkpoint


@router.post("/contents/{path:path}/checkpoints/{checkpoint_id}", status_code=204)
async def restore_checkpoint(
    path: str, checkpoint_id: str, principal: CurrentUser, c: Contents
) -> Response:
    await c.restore_checkpoint(principal.user_id, path, checkpoint_id)
    return Response(status_code=204)


@router.delete("/contents/{path:path}/checkpoints/{checkpoint_id}", status_code=204)
async def delete_checkpoint(
    path: str, checkpoint_id: str, principal: CurrentUser, c: Contents
) -> Response:
    await c.delete_checkpoint(principal.user_id, path, checkpoint_id)
    return Response(status_code=204)


@router.get("/contents")
@router.get("/contents/{path:path}")
async def get_contents(
    principal: CurrentUser,
    c: Contents,
    path: str = "",
    type: str | None = None,
    format: str | None = None,
    content: Annotated[int, Query(ge=0, le=1)] = 1,
    hash: Annotated[int, Query(ge=0, le=1)] = 0,
) -> Model:
    """A directory (its items without content), a notebook (its live document) or a file."""
    return await c.get(
        principal.user_id,
        path,
        content=bool(content),
        type_=type,
        format_=format,
        hash_=bool(hash),
    )


@router.put("/contents/{path:path}")
async def save_contents(
    path: str, response: Response, principal: CurrentUser, c: Contents, body: JsonModel = None
) -> Model:
    """Save (200) or create (201); a notebook's content becomes its live document's."""
    if body is None:
        raise BadRequest("Send the model to save: type, format and content.")
    model, created = await c.save(principal.user_id, path, body)
    if created:
        response.status_code = 201
        _location(response, model["path"])
    return model


@router.post("/contents", status_code=201)
@router.post("/contents/{path:path}", status_code=201)
async def new_contents(
    response: Response,
    principal: CurrentUser,
    c: Contents,
    path: str = "",
    body: JsonModel = None,
) -> Model:
    """A new untitled notebook, file or directory in the folder, or ``copy_from`` a copy."""
    body = body or {}
    copy_from = body.get("copy_from")
    if copy_from is not None:
        if not isinstance(copy_from, str):
            raise BadRequest("copy_from must be a path.")
        model = await c.copy(principal.user_id, copy_from, path)
    else:
        type_, ext = body.get("type"), body.get("ext")
        if not isinstance(type_, str | None) or not isinstance(ext, str | None):
            raise BadRequest("type and ext must be strings.")
        model = await c.new_untitled(principal.user_id, path, type_, ext)
    _location(response, model["path"])
    return model


@router.patch("/contents/{path:path}")
async def rename_contents(
    path: str, principal: CurrentUser, c: Contents, body: JsonModel = None
) -> Model:
    """Rename or move to ``{"path": new path}``."""
    new_path = (body or {}).get("path")
    if not isinstance(new_path, str):
        raise BadRequest('Send the new path as {"path": ...}.')
    return await c.rename(principal.user_id, path, new_path)


@router.delete("/contents/{path:path}", status_code=204)
async def delete_contents(path: str, principal: CurrentUser, c: Contents) -> Response:
    """Move to Drive's trash."""
    await c.delete(principal.user_id, path)
    return Response(status_code=204)
