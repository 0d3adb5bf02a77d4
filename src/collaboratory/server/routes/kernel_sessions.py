"""``/api/sessions``: which kernel a client's document (path) is using."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict

from collaboratory.errors import BadRequest, NotFound
from collaboratory.kernel_api.auth import CurrentUser
from collaboratory.kernel_api.backend import KernelInfo, KernelProvider
from collaboratory.kernel_api.json_body import JsonBodyRoute
from collaboratory.kernel_api.models import kernel_model
from collaboratory.kernel_api.session_store import KernelSession
from collaboratory.server.auth import services
from collaboratory.server.routes.kernelspecs import checked_kernelspec
from collaboratory.server.services import Services

Svc = Annotated[Services, Depends(services)]
router = APIRouter(tags=["jupyter"], route_class=JsonBodyRoute)


class KernelRef(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str | None = None
    name: str | None = None


class NotebookRef(BaseModel):  # the pre-5.0 notebook server's way of naming the path
    model_config = ConfigDict(extra="allow")
    path: str | None = None


class SessionChange(BaseModel):
    model_config = ConfigDict(extra="allow")
    path: str | None = None
    name: str | None = None
    type: str | None = None
    kernel: KernelRef | None = None
    notebook: NotebookRef | None = None


def session_model(session: KernelSession, kernel: KernelInfo) -> dict[str, Any]:
    model = {
        "id": session.id,
        "path": session.path,
        "name": session.name,
        "type": session.type,
        "kernel": kernel_model(kernel),
    }
    if session.type == "notebook":
        model["notebook"] = {"path": session.path, "name": session.name}
    return model


async def _kernel_for(provider: KernelProvider, user_id: str, ref: KernelRef | None) -> KernelInfo:
    """The kernel a request names by id, or a new one of the kernelspec it names."""
    if ref is not None and ref.id:
        return await provider.get_kernel(user_id, ref.id)
    name = checked_kernelspec(provider, ref.name if ref else None)
    return await provider.start_kernel(user_id, name)


async def _release(svc: Services, user_id: str, kernel_id: str) -> None:
    """Shut a kernel down once no session of its user refers to it any more."""
    if svc.kernel_sessions.uses_kernel(user_id, kernel_id):
        return
    with contextlib.suppress(NotFound):
        await svc.kernels.shutdown_kernel(user_id, kernel_id)
    await svc.kernel_bridges.kernel_gone(kernel_id)


async def _live(svc: Services, user_id: str, session: KernelSession) -> dict[str, Any]:
    """A session's model; a session whose kernel has gone goes with it, as in Jupyter Server."""
    try:
        kernel = await svc.kernels.get_kernel(user_id, session.kernel_id)
    except NotFound:
        svc.kernel_sessions.remove(user_id, session.id)
        message = "This session's kernel has been shut down."
        raise NotFound(message, code="no_such_session") from None
    return session_model(session, kernel)


@router.get("/sessions")
async def list_sessions(svc: Svc, principal: CurrentUser) -> list[dict[str, Any]]:
    user_id, store = principal.user_id, svc.kernel_sessions
    kernels = {k.kernel_id: k for k in await svc.kernels.list_kernels(user_id)}
    models = []
    for session in store.all(user_id):
        kernel = kernels.get(session.kernel_id)
        if kernel is None:
            store.remove(user_id, session.id)
        else:
            models.append(session_model(session, kernel))
    return models


@router.post("/sessions", status_code=201)
async def create_session(
    body: SessionChange, svc: Svc, response: Response, principal: CurrentUser
) -> dict[str, Any]:
    """An existing session for the same path is answered instead of starting a second kernel."""
    user_id, store, provider = principal.user_id, svc.kernel_sessions, svc.kernels
    path = body.path or (body.notebook.path if body.notebook else None)
    if not path:
        raise BadRequest("A session needs a path.", code="invalid_request")
    async with store.lock(user_id):
        session = store.find_path(user_id, path)
        if session is not None:
            with contextlib.suppress(NotFound):
                model = await _live(svc, user_id, session)
                response.headers["Location"] = f"/api/sessions/{session.id}"
                return model
        kernel = await _kernel_for(provider, user_id, body.kernel)
        session = store.add(user_id, path, body.name or "", body.type or "", kernel.kernel_id)
    response.headers["Location"] = f"/api/sessions/{session.id}"
    return session_model(session, kernel)


@router.get("/sessions/{session_id}")
async def get_session(session_id: str, svc: Svc, principal: CurrentUser) -> dict[str, Any]:
    session = svc.kernel_sessions.get(principal.user_id, session_id)
    return await _live(svc, principal.user_id, session)


@router.patch("/sessions/{session_id}")
async def update_session(
    session_id: str, body: SessionChange, svc: Svc, principal: CurrentUser
) -> dict[str, Any]:
    user_id = principal.user_id
    session = svc.kernel_sessions.get(user_id, session_id)
    previous = session.kernel_id
    if body.kernel is not None and (body.kernel.id or body.kernel.name):
        kernel = await _kernel_for(svc.kernels, user_id, body.kernel)
        session.kernel_id = kernel.kernel_id
    session.path = body.path if body.path is not None else session.path
    session.name = body.name if body.name is not None else session.name
    session.type = body.type if body.type is not None else session.type
    if session.kernel_id != previous:
        await _release(svc, user_id, previous)
    return await _live(svc, user_id, session)


@router.delete("/sessions/{session_id}", status_code=204)
async def delete_session(session_id: str, svc: Svc, principal: CurrentUser) -> Response:
    store = svc.kernel_sessions
    session = store.get(principal.user_id, session_id)
    store.remove(principal.user_id, session.id)
    await _release(svc, principal.user_id, session.kernel_id)
    return Response(status_code=204)
