"""Comments on a notebook's cells: read by anyone who may open it, written by commenters and up."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from collaboratory.documents.comments import ThreadOut
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.services import Services

router = APIRouter(prefix="/notebooks", tags=["comments"])
Svc = Annotated[Services, Depends(services)]


class CommentItem(BaseModel):
    id: str
    author: str = Field(description="The author's user name; 'Guest' for a guest.")
    body: str
    created_at: datetime


class CommentThread(BaseModel):
    id: str
    cell_id: str = Field(description="The cell the thread is on (its nbformat id).")
    created_at: datetime
    resolved: bool
    resolved_by: str | None
    resolved_at: datetime | None
    comments: list[CommentItem] = Field(description="The first comment, then the replies.")

    @classmethod
    def of(cls, thread: ThreadOut) -> CommentThread:
        comments = [CommentItem(**vars(c)) for c in thread.comments]
        return cls(
            id=thread.id,
            cell_id=thread.cell_id,
            created_at=thread.created_at,
            resolved=thread.resolved,
            resolved_by=thread.resolved_by,
            resolved_at=thread.resolved_at,
            comments=comments,
        )


class NewThread(BaseModel):
    cell_id: str = Field(max_length=64)
    body: str = Field(max_length=10_000)


class NewReply(BaseModel):
    body: str = Field(max_length=10_000)


class ThreadChange(BaseModel):
    resolved: bool


@router.get("/{notebook_id}/comments")
async def list_comments(notebook_id: str, principal: CurrentUser, svc: Svc) -> list[CommentThread]:
    """The notebook's comment threads, oldest first, resolved ones included."""
    threads = await svc.comments.threads(principal.user_id, notebook_id)
    return [CommentThread.of(t) for t in threads]


@router.post("/{notebook_id}/comments", status_code=201)
async def start_thread(
    notebook_id: str, body: NewThread, principal: CurrentUser, svc: Svc
) -> CommentThread:
    """Comment on a cell (commenters, editors and the owner): a new thread."""
    thread = await svc.comments.start(principal.user_id, notebook_id, body.cell_id, body.body)
    return CommentThread.of(thread)


@router.post("/{notebook_id}/comments/{thread_id}/replies", status_code=201)
async def reply(
    notebook_id: str, thread_id: str, body: NewReply, principal: CurrentUser, svc: Svc
) -> CommentThread:
    """Reply in a thread."""
    thread = await svc.comments.reply(principal.user_id, notebook_id, thread_id, body.body)
    return CommentThread.of(thread)


@router.patch("/{notebook_id}/comments/{thread_id}")
async def change_thread(
    notebook_id: str, thread_id: str, body: ThreadChange, principal: CurrentUser, svc: Svc
) -> CommentThread:
    """Resolve a thread (`resolved: true`) or reopen it."""
    thread = await svc.comments.resolve(principal.user_id, notebook_id, thread_id, body.resolved)
    return CommentThread.of(thread)
