"""The commands a notebook's editor sends, defined once: run cells, answer ``input()``, complete,
inspect, interrupt, restart — their fields, their checks, their results and their errors.

The REST routes (``server/routes/execution.py``, ``/runtimes/{id}/interrupt|restart``) and the
sync socket's JSON frames (:mod:`collaboratory.execution.control`) are thin adapters over these:
they parse a body or a frame into these models and send back what these functions return, or
the :class:`~collaboratory.errors.ServiceError` they raise (``{"error": {"code", "message"}}``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from collaboratory.accounts.models import User
from collaboratory.drive.roles import EDITOR
from collaboratory.errors import BadRequest, NotFound
from collaboratory.execution.notebooks import NotebookRunner
from collaboratory.execution.requests import run_request
from collaboratory.runtimes.runtime import Runtime

MAX_CODE_CHARS = 1_000_000


class ExecuteRequest(BaseModel):
    cell_ids: list[str] | None = Field(None, description="The cells to run, in this order.")
    all: bool = Field(False, description="Run every code cell, top to bottom.")
    code: str | None = Field(
        None,
        max_length=MAX_CODE_CHARS,
        description="With exactly one cell id: run this code in its place (Runtime › Run "
        "selection); the outputs go to that cell.",
    )


class ExecuteQueued(BaseModel):
    queued: list[str] = Field(description="The code cells queued to run, in order.")


class InputReply(BaseModel):
    value: str = Field(max_length=MAX_CODE_CHARS)


class CodeAtCursor(BaseModel):
    code: str = Field(max_length=MAX_CODE_CHARS)
    cursor_pos: int = Field(ge=0, description="Position in code, in characters (unicode).")
    detail_level: int = Field(0, ge=0, le=1, description="Inspection only: 1 adds the source.")


class Completions(BaseModel):
    matches: list[str]
    cursor_start: int
    cursor_end: int
    metadata: dict[str, Any] = Field(default_factory=dict)


class Inspection(BaseModel):
    found: bool
    data: dict[str, Any] = Field(description="Mimebundle of the help, e.g. text/plain.")
    metadata: dict[str, Any] = Field(default_factory=dict)


async def execute(
    runner: NotebookRunner, user: User, notebook_id: str, body: ExecuteRequest
) -> ExecuteQueued:
    """Queue cells; with no runtime yet, the notebook's runtime type is connected first."""
    request = run_request(body.cell_ids, body.all, body.code)
    batch = await runner.run(user, notebook_id, request)
    return ExecuteQueued(queued=batch.cell_ids)


async def reply_input(
    runner: NotebookRunner, user: User, notebook_id: str, body: InputReply
) -> None:
    """Answer the ``input()`` prompt a running cell of this notebook waits on."""
    await runner.documents.open(user.id, notebook_id, EDITOR)  # an editor, or 404/403
    if not runner.execution.reply_input(notebook_id, body.value):
        raise BadRequest("No cell of this notebook is waiting for input.", code="no_input_wanted")


def _check_cursor(body: CodeAtCursor) -> None:
    if body.cursor_pos > len(body.code):
        raise BadRequest("cursor_pos is past the end of code.", code="invalid_request")


async def complete(
    runner: NotebookRunner, user: User, notebook_id: str, body: CodeAtCursor
) -> Completions:
    """Completions from the notebook's runtime (none while it is busy running a cell)."""
    _check_cursor(body)
    reply = await runner.complete(user, notebook_id, body.code, body.cursor_pos)
    return Completions(
        matches=list(reply.get("matches", [])),
        cursor_start=int(reply.get("cursor_start", body.cursor_pos)),
        cursor_end=int(reply.get("cursor_end", body.cursor_pos)),
        metadata=dict(reply.get("metadata", {})),
    )


async def inspect(
    runner: NotebookRunner, user: User, notebook_id: str, body: CodeAtCursor
) -> Inspection:
    """Help on the name at the cursor from the notebook's runtime (tooltips)."""
    _check_cursor(body)
    reply = await runner.inspect(user, notebook_id, body.code, body.cursor_pos, body.detail_level)
    return Inspection(
        found=bool(reply.get("found")),
        data=dict(reply.get("data", {})),
        metadata=dict(reply.get("metadata", {})),
    )


def notebook_runtime(runner: NotebookRunner, user: User, notebook_id: str) -> Runtime:
    runtime = runner.runtimes.for_notebook(user.id, notebook_id)
    if runtime is None:
        raise NotFound("This notebook has no runtime; connect one first.", code="no_runtime")
    return runtime


async def interrupt(runner: NotebookRunner, runtime: Runtime) -> None:
    """Empty the notebook's queue, then interrupt the running cell."""
    await runner.interrupt(runtime)


async def restart(runner: NotebookRunner, runtime: Runtime, *, reset: bool = False) -> None:
    """Restart session (or factory reset): what was running or queued is abandoned."""
    await runner.restart(runtime, reset=reset)
