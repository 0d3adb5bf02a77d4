"""Comments on a notebook's cells: threads with replies, resolved and reopened, live.

Comments are kept with the notebook in the database, never in its cells: the ``.ipynb`` format
has no standard place for them (cell metadata keys are not standard), so a download leaves them
out. Anyone who may open a notebook reads its comments; commenters, editors and the owner write
them. Every change reaches everyone with the notebook open as a ``{"type": "comments", "thread":
…}`` text frame on the sync socket.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collaboratory.accounts.models import User
from collaboratory.db import Database, utcnow
from collaboratory.documents.models import Comment, CommentThread
from collaboratory.documents.rooms import Rooms
from collaboratory.documents.service import Authorize
from collaboratory.drive.roles import COMMENTER, VIEWER, Role, require
from collaboratory.errors import BadRequest, NotFound

log = logging.getLogger(__name__)
MAX_BODY = 10_000
MAX_CELL_ID = 64


@dataclass(frozen=True)
class CommentOut:
    id: str
    author: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class ThreadOut:
    id: str
    cell_id: str
    created_at: datetime
    resolved: bool
    resolved_by: str | None
    resolved_at: datetime | None
    comments: list[CommentOut]


@runtime_checkable
class Listener(Protocol):
    """A connection of the notebook's room that takes JSON text frames."""

    def send_text(self, message: str) -> None: ...


def _name(user: User | None) -> str:
    if user is None:
        return "Deleted user"
    return user.username or "Guest"


def _body(text: str) -> str:
    body = text.strip()
    if not body:
        raise BadRequest("Write something first: a comment cannot be empty.", code="empty_comment")
    if len(body) > MAX_BODY:
        raise BadRequest(
            f"A comment can be at most {MAX_BODY} characters.", code="comment_too_long"
        )
    return body


def _iso(value: object) -> str:
    if not isinstance(value, datetime):
        raise TypeError(f"cannot send {type(value).__name__} in a frame")
    return value.isoformat()


def frame(thread: ThreadOut) -> str:
    """The text frame that tells open editors about a new or changed thread."""
    return json.dumps({"type": "comments", "thread": asdict(thread)}, default=_iso)


class CommentService:
    def __init__(self, db: Database, authorize: Authorize, rooms: Rooms) -> None:
        self.db = db
        self._authorize = authorize
        self.rooms = rooms

    async def _role(self, user_id: str, notebook_id: str, need: Role) -> Role:
        return require(await self._authorize(user_id, notebook_id), need)

    async def threads(self, user_id: str, notebook_id: str) -> list[ThreadOut]:
        """Every thread of the notebook, oldest first (anyone who may open it)."""
        await self._role(user_id, notebook_id, VIEWER)
        async with self.db.session() as s:
            query = (
                select(CommentThread)
                .where(CommentThread.notebook_id == notebook_id)
                .order_by(CommentThread.created_at, CommentThread.id)
            )
            return [await self._out(s, t) for t in (await s.scalars(query)).all()]

    async def start(self, user_id: str, notebook_id: str, cell_id: str, text: str) -> ThreadOut:
        """A new thread on a cell (commenters and up)."""
        await self._role(user_id, notebook_id, COMMENTER)
        body = _body(text)
        if not cell_id or len(cell_id) > MAX_CELL_ID:
            raise BadRequest("Name the cell to comment on by its id.", code="bad_cell")
        if not await self._has_cell(user_id, notebook_id, cell_id):
            raise BadRequest("This notebook has no such cell.", code="unknown_cell")
        async with self.db.session() as s:
            thread = CommentThread(notebook_id=notebook_id, cell_id=cell_id)
            s.add(thread)
            await s.flush()
            s.add(Comment(thread_id=thread.id, author_id=user_id, body=body))
            await s.flush()
            out = await self._out(s, thread)
        self._tell(notebook_id, out)
        return out

    async def reply(self, user_id: str, notebook_id: str, thread_id: str, text: str) -> ThreadOut:
        await self._role(user_id, notebook_id, COMMENTER)
        body = _body(text)
        async with self.db.session() as s:
            thread = await self._thread(s, notebook_id, thread_id)
            s.add(Comment(thread_id=thread.id, author_id=user_id, body=body))
            await s.flush()
            out = await self._out(s, thread)
        self._tell(notebook_id, out)
        return out

    async def resolve(
        self, user_id: str, notebook_id: str, thread_id: str, resolved: bool
    ) -> ThreadOut:
        """Resolve (or reopen) a thread (commenters and up)."""
        await self._role(user_id, notebook_id, COMMENTER)
        async with self.db.session() as s:
            thread = await self._thread(s, notebook_id, thread_id)
            if resolved != (thread.resolved_at is not None):
                thread.resolved_at = utcnow() if resolved else None
                thread.resolved_by = user_id if resolved else None
                await s.flush()
            out = await self._out(s, thread)
        self._tell(notebook_id, out)
        return out

    async def _has_cell(self, user_id: str, notebook_id: str, cell_id: str) -> bool:
        room = await self.rooms.get(notebook_id, user_id)
        return any(cell.get("id") == cell_id for cell in room.export().get("cells", []))

    async def _thread(self, s: AsyncSession, notebook_id: str, thread_id: str) -> CommentThread:
        thread = await s.get(CommentThread, thread_id)
        if thread is None or thread.notebook_id != notebook_id:
            raise NotFound("There is no such comment thread on this notebook.")
        return thread

    async def _out(self, s: AsyncSession, thread: CommentThread) -> ThreadOut:
        query = (
            select(Comment, User)
            .outerjoin(User, User.id == Comment.author_id)
            .where(Comment.thread_id == thread.id)
            .order_by(Comment.created_at, Comment.id)
        )
        rows = (await s.execute(query)).all()
        comments = [CommentOut(c.id, _name(u), c.body, c.created_at) for c, u in rows]
        resolver = await s.get(User, thread.resolved_by) if thread.resolved_by else None
        resolved = thread.resolved_at is not None
        return ThreadOut(
            thread.id,
            thread.cell_id,
            thread.created_at,
            resolved,
            _name(resolver) if resolved else None,
            thread.resolved_at,
            comments,
        )

    def _tell(self, notebook_id: str, thread: ThreadOut) -> None:
        room = self.rooms.loaded(notebook_id)
        if room is None:
            return
        text = frame(thread)
        for peer in list(room.peers):
            if isinstance(peer, Listener):
                peer.send_text(text)
