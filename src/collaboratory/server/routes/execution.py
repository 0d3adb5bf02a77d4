"""Running a notebook's cells on the server: outputs land in the live document."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from collaboratory.errors import BadRequest
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.services import Services

router = APIRouter(prefix="/notebooks", tags=["notebooks"])
Svc = Annotated[Services, Depends(services)]


class ExecuteRequest(BaseModel):
    cell_ids: list[str] | None = Field(None, description="The cells to run, in this order.")
    all: bool = Field(False, description="Run every code cell, top to bottom.")


class ExecuteQueued(BaseModel):
    queued: list[str] = Field(description="The code cells queued to run, in order.")


class InputReply(BaseModel):
    value: str = Field(max_length=1_000_000)


@router.post("/{notebook_id}/execute", status_code=202)
async def execute(
    notebook_id: str, body: ExecuteRequest, principal: CurrentUser, svc: Svc
) -> ExecuteQueued:
    """Queue cells; with no runtime yet, the notebook's runtime type is connected first."""
    if body.all == (body.cell_ids is not None):
        raise BadRequest('Give either "cell_ids" or "all": true.', code="invalid_request")
    cells = "all" if body.all else (body.cell_ids or [])
    batch = await svc.notebook_runner.run(principal.user, notebook_id, cells)
    return ExecuteQueued(queued=batch.cell_ids)


@router.post("/{notebook_id}/input", status_code=204)
async def reply_input(notebook_id: str, body: InputReply, principal: CurrentUser, svc: Svc) -> None:
    """Answer the ``input()`` prompt a running cell of this notebook waits on."""
    await svc.documents.open(principal.user_id, notebook_id)  # yours, or 404
    if not svc.execution.reply_input(notebook_id, body.value):
        raise BadRequest("No cell of this notebook is waiting for input.", code="no_input_wanted")


@router.get("/{notebook_id}/outputs/{cell_id}", response_class=FileResponse)
async def full_output(
    notebook_id: str, cell_id: str, principal: CurrentUser, svc: Svc
) -> FileResponse:
    """The whole output of a cell whose copy in the document was truncated."""
    await svc.documents.open(principal.user_id, notebook_id)  # yours, or 404
    path = svc.execution.spill_path(notebook_id, cell_id)
    return FileResponse(
        path, media_type="text/plain; charset=utf-8", filename=f"output-{cell_id}.txt"
    )
