"""Running a notebook's cells on the server: outputs land in the live document."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from collaboratory.errors import BadRequest
from collaboratory.execution import commands
from collaboratory.execution.callbacks import CallbackFailed
from collaboratory.execution.commands import (
    CodeAtCursor,
    Completions,
    ExecuteQueued,
    ExecuteRequest,
    InputReply,
    Inspection,
)
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.services import Services

router = APIRouter(prefix="/notebooks", tags=["notebooks"])
Svc = Annotated[Services, Depends(services)]


@router.post("/{notebook_id}/execute", status_code=202)
async def execute(
    notebook_id: str, body: ExecuteRequest, principal: CurrentUser, svc: Svc
) -> ExecuteQueued:
    """Queue cells; with no runtime yet, the notebook's runtime type is connected first."""
    return await commands.execute(svc.notebook_runner, principal.user, notebook_id, body)


@router.post("/{notebook_id}/complete")
async def complete(
    notebook_id: str, body: CodeAtCursor, principal: CurrentUser, svc: Svc
) -> Completions:
    """Completions from the notebook's runtime, for the editor."""
    return await commands.complete(svc.notebook_runner, principal.user, notebook_id, body)


@router.post("/{notebook_id}/inspect")
async def inspect(
    notebook_id: str, body: CodeAtCursor, principal: CurrentUser, svc: Svc
) -> Inspection:
    """Help on the name at the cursor from the notebook's runtime (tooltips)."""
    return await commands.inspect(svc.notebook_runner, principal.user, notebook_id, body)


@router.post("/{notebook_id}/input", status_code=204)
async def reply_input(notebook_id: str, body: InputReply, principal: CurrentUser, svc: Svc) -> None:
    """Answer the ``input()`` prompt a running cell of this notebook waits on."""
    await commands.reply_input(svc.notebook_runner, principal.user, notebook_id, body)


class UploadedFiles(BaseModel):
    files: list[str] = Field(
        max_length=10_000,
        description="The names of the files now in the upload's folder of the runtime "
        "(sent there with the runtime's Files API); empty when the user cancelled.",
    )


@router.post("/{notebook_id}/colab/uploads/{upload_id}", status_code=204)
async def colab_uploaded(
    notebook_id: str, upload_id: str, body: UploadedFiles, principal: CurrentUser, svc: Svc
) -> None:
    """Finish the ``files.upload()`` a running cell of yours waits on: it returns these files."""
    for name in body.files:
        if not name or "/" in name or "\\" in name or name in {".", ".."}:
            raise BadRequest(f"Not a file name: {name!r}", code="bad_name")
    await svc.notebook_runner.uploaded(principal.user, notebook_id, upload_id, body.files)


class EvalJsResult(BaseModel):
    value: Any = Field(None, description="The script's (JSON) value, when it returned one.")
    error: str | None = Field(None, max_length=10_000, description="Its error, when it threw.")


@router.post("/{notebook_id}/colab/eval_js/{eval_id}", status_code=204)
async def colab_evaluated(
    notebook_id: str, eval_id: str, body: EvalJsResult, principal: CurrentUser, svc: Svc
) -> None:
    """Send the result of the script a running cell's ``output.eval_js`` waits on; the script
    ran in a sandboxed output frame of the editor."""
    result = {"value": body.value, "error": body.error}
    await svc.notebook_runner.evaluated(principal.user, notebook_id, eval_id, result)


class InvokeFunction(BaseModel):
    model_config = ConfigDict(populate_by_name=True)  # Colab's names: args, kwargs

    name: str = Field(
        min_length=1, max_length=1000, description="As given to output.register_callback."
    )
    positional: list[Any] = Field(
        default_factory=list, alias="args", description="Positional arguments (JSON)."
    )
    keywords: dict[str, Any] = Field(
        default_factory=dict, alias="kwargs", description="Keyword arguments (JSON)."
    )
    cell_id: str | None = Field(
        None, max_length=200, description="The cell whose output calls: gets what it prints."
    )


class InvokeResult(BaseModel):
    data: dict[str, Any] = Field(
        default_factory=dict, description="The callback's value as a MIME bundle."
    )
    metadata: dict[str, Any] = Field(default_factory=dict)
    error: str | None = Field(None, description="'ename: evalue' when the callback raised.")


@router.post("/{notebook_id}/colab/invoke")
async def colab_invoke(
    notebook_id: str, body: InvokeFunction, principal: CurrentUser, svc: Svc
) -> InvokeResult:
    """Colab's ``google.colab.kernel.invokeFunction`` from an output of this notebook: runs the
    Python callback the notebook registered under ``name`` in your runtime. A callback that
    raised (or a name never registered) gives ``error``."""
    try:
        result = await svc.notebook_runner.invoke_callback(
            principal.user, notebook_id, body.name, body.positional, body.keywords, body.cell_id
        )
    except CallbackFailed as exc:
        return InvokeResult(error=exc.message)
    return InvokeResult(data=result["data"], metadata=result["metadata"])


@router.get("/{notebook_id}/outputs/{cell_id}", response_class=FileResponse)
async def full_output(
    notebook_id: str, cell_id: str, principal: CurrentUser, svc: Svc
) -> FileResponse:
    """The whole output of a cell whose copy in the document was truncated."""
    await svc.documents.open(principal.user_id, notebook_id)  # anyone it is shared with
    path = svc.execution.spill_path(notebook_id, cell_id)
    return FileResponse(
        path, media_type="text/plain; charset=utf-8", filename=f"output-{cell_id}.txt"
    )
