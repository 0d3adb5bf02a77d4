"""A user's snippet library: the built-in snippets and those of the Drive notebooks they added."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select

from collaboratory.db import Database
from collaboratory.errors import BadRequest, NotFound
from collaboratory.snippets.library import (
    Snippet,
    SnippetLibrary,
    builtin_library,
    query_words,
    snippets_of_notebook,
)
from collaboratory.snippets.models import UserSnippetNotebook

# (user id, notebook id) -> the live notebook as nbformat JSON; NotFound without access.
NotebookReader = Callable[[str, str], Awaitable[dict[str, Any]]]

MAX_SNIPPET_NOTEBOOKS = 50
NOTEBOOK_PATH = re.compile(r"/notebooks/([A-Za-z0-9_-]+)/?$")
BARE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def notebook_id_of(url: str) -> str:
    """The Drive notebook id of ``url``: an editor address (``…/notebooks/<id>``) or the id."""
    text = url.strip()
    if BARE_ID.fullmatch(text):
        return text
    match = NOTEBOOK_PATH.search(urlsplit(text).path)
    if match is None:
        raise BadRequest(
            f"{url!r} is not a notebook of this service's Drive: give its address "
            "(…/notebooks/<id>) or its id.",
            code="not_a_notebook_url",
        )
    return match.group(1)


class SnippetService:
    def __init__(self, db: Database, read_notebook: NotebookReader) -> None:
        self.db = db
        self.read_notebook = read_notebook

    async def notebook_ids(self, user_id: str) -> list[str]:
        """The Drive notebooks the user added to their snippets, oldest first."""
        async with self.db.session() as s:
            rows = await s.scalars(
                select(UserSnippetNotebook)
                .where(UserSnippetNotebook.user_id == user_id)
                .order_by(UserSnippetNotebook.added_at, UserSnippetNotebook.item_id)
            )
            return [row.item_id for row in rows]

    async def add(self, user_id: str, notebook_id: str) -> list[str]:
        """Adds a notebook the user can open (NotFound otherwise); adding twice keeps one."""
        await self.read_notebook(user_id, notebook_id)
        ids = await self.notebook_ids(user_id)
        if notebook_id not in ids:
            if len(ids) >= MAX_SNIPPET_NOTEBOOKS:
                raise BadRequest(
                    f"At most {MAX_SNIPPET_NOTEBOOKS} snippet notebooks; remove one first.",
                    code="too_many_snippet_notebooks",
                )
            async with self.db.session() as s:
                s.add(UserSnippetNotebook(user_id=user_id, item_id=notebook_id))
            ids.append(notebook_id)
        return ids

    async def register(self, user_id: str, request: Any) -> dict[str, Any]:
        """Colab's ``snippets.register(url)`` from a cell the user runs: adds the notebook."""
        url = request.get("url") if isinstance(request, dict) else None
        if not isinstance(url, str):
            raise BadRequest("register_snippets needs a notebook url.")
        return {"notebook_ids": await self.add(user_id, notebook_id_of(url))}

    async def remove(self, user_id: str, notebook_id: str) -> list[str]:
        async with self.db.session() as s:
            await s.execute(
                delete(UserSnippetNotebook).where(
                    UserSnippetNotebook.user_id == user_id,
                    UserSnippetNotebook.item_id == notebook_id,
                )
            )
        return await self.notebook_ids(user_id)

    async def library(self, user_id: str) -> SnippetLibrary:
        """The built-in snippets, then those of the user's snippet notebooks that they can
        still open (one they lost access to is skipped)."""
        own: list[Snippet] = []
        for notebook_id in await self.notebook_ids(user_id):
            try:
                notebook = await self.read_notebook(user_id, notebook_id)
            except NotFound:
                continue
            own.extend(snippets_of_notebook(f"drive:{notebook_id}", notebook))
        builtin = builtin_library()
        if not own:
            return builtin
        return SnippetLibrary([*builtin.snippets, *own])

    async def search(self, user_id: str, query: str) -> list[Snippet]:
        query_words(query)  # a too-long query is refused before any notebook is read
        return (await self.library(user_id)).search(query)
