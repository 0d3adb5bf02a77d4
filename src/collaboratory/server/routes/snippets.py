"""Code snippets: search the snippet library (Colab's *Code snippets* panel), and the Drive
notebooks a user adds to it (*Tools > Settings*)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.routes import ERRORS
from collaboratory.server.schemas import FromRecord
from collaboratory.server.services import Services
from collaboratory.snippets import MAX_QUERY_LENGTH

router = APIRouter(prefix="/api/snippets", tags=["snippets"], responses=ERRORS)
Svc = Annotated[Services, Depends(services)]


class SnippetCellOut(FromRecord):
    cell_type: Literal["code", "markdown"] = Field(description="A code or a text cell.")
    source: str = Field(description="The cell's source.")


class SnippetOut(FromRecord):
    id: str = Field(
        description="The snippet's stable id; ``drive:<notebook id>/…`` for one of the user's "
        "own snippet notebooks."
    )
    title: str = Field(description="What the snippet does, as listed in the panel.")
    description: str = Field(description="A sentence or two on what it does and how to use it.")
    code: str = Field(description="The code of its cells (or its Markdown text), as shown.")
    cells: list[SnippetCellOut] = Field(description="The cells that inserting it adds, in order.")


class SnippetNotebooks(BaseModel):
    notebook_ids: list[str] = Field(
        description="Drive notebooks whose Markdown headings are added as snippets, oldest first."
    )


@router.get("")
async def search_snippets(
    user: CurrentUser,
    svc: Svc,
    q: Annotated[
        str,
        Query(
            description="Words to look for (case-insensitive, typos and abbreviations forgiven: "
            "'mnt drve' finds Mount Google Drive) in titles, tags, descriptions and code; every "
            "word must match; title matches rank first; empty lists all. At most "
            f"{MAX_QUERY_LENGTH} characters."
        ),
    ] = "",
) -> list[SnippetOut]:
    """Search the built-in snippets and those of the user's snippet notebooks."""
    return [SnippetOut.of(snippet) for snippet in await svc.snippets.search(user.user_id, q)]


@router.get("/notebooks")
async def list_snippet_notebooks(user: CurrentUser, svc: Svc) -> SnippetNotebooks:
    """The Drive notebooks the user added to their snippets."""
    return SnippetNotebooks(notebook_ids=await svc.snippets.notebook_ids(user.user_id))


@router.put("/notebooks/{notebook_id}")
async def add_snippet_notebook(notebook_id: str, user: CurrentUser, svc: Svc) -> SnippetNotebooks:
    """Add a Drive notebook the user can open to their snippets (404 otherwise)."""
    return SnippetNotebooks(notebook_ids=await svc.snippets.add(user.user_id, notebook_id))


@router.delete("/notebooks/{notebook_id}")
async def remove_snippet_notebook(
    notebook_id: str, user: CurrentUser, svc: Svc
) -> SnippetNotebooks:
    """Remove a notebook from the user's snippets (the notebook itself stays)."""
    return SnippetNotebooks(notebook_ids=await svc.snippets.remove(user.user_id, notebook_id))
