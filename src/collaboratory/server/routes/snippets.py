"""Code snippets: search the snippet library (Colab's *Code snippets* panel)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from collaboratory.server.auth import CurrentUser
from collaboratory.server.routes import ERRORS
from collaboratory.server.schemas import FromRecord
from collaboratory.snippets import MAX_QUERY_LENGTH, SnippetLibrary, builtin_library

router = APIRouter(prefix="/api/snippets", tags=["snippets"], responses=ERRORS)
Library = Annotated[SnippetLibrary, Depends(builtin_library)]


class SnippetOut(FromRecord):
    id: str = Field(description="The snippet's stable id.")
    title: str = Field(description="What the snippet does, as listed in the panel.")
    description: str = Field(description="A sentence or two on what it does and how to use it.")
    code: str = Field(description="The code (or Markdown text) that is inserted.")


@router.get("")
async def search_snippets(
    _: CurrentUser,
    library: Library,
    q: Annotated[
        str,
        Query(
            description="Words to look for (case-insensitive) in titles, descriptions, tags and "
            f"code; every word must match; title matches rank first; empty lists all. At most "
            f"{MAX_QUERY_LENGTH} characters."
        ),
    ] = "",
) -> list[SnippetOut]:
    """Search the snippet library."""
    return [SnippetOut.of(snippet) for snippet in library.search(q)]
