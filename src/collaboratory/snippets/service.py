"""A user's snippet library: the built-in snippets and those of the Drive notebooks they added."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

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
