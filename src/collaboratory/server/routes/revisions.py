"""A notebook's revisions: list, save on demand, view, and restore."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from collaboratory.documents.revisions import Kind
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.schemas import FromRecord
from collaboratory.server.services import Services

router = APIRouter(prefix="/notebooks", tags=["notebooks"])
Svc = Annotated[Services, Depends(services)]


class RevisionOut(FromRecord):
    id: str = Field(description="The revision's id.")
    created_at: datetime = Field(description="When it was saved.")
    created_by: str | None = Field(
        description="The id of the user who saved it; null for automatic revisions."
    )
    kind: Kind = Field(
        description='"auto": saved while the notebook was edited; "manual": saved on demand; '
        '"restore": the state just before a restore, so that the restore can be undone.'
    )
    label: str | None = Field(description="The label given when it was saved, if any.")


class NewRevision(BaseModel):
    label: str | None = Field(
        None, max_length=200, description="A name for this version, shown in the history."
    )


@router.get("/{notebook_id}/revisions")
async def list_revisions(notebook_id: str, principal: CurrentUser, svc: Svc) -> list[RevisionOut]:
    """The notebook's saved revisions, newest first."""
    revisions = await svc.revisions.list(principal.user_id, notebook_id)
    return [RevisionOut.of(revision) for revision in revisions]


@router.post("/{notebook_id}/revisions", status_code=201)
async def create_revision(
    notebook_id: str, principal: CurrentUser, svc: Svc, body: NewRevision | None = None
) -> RevisionOut:
    """Save the live document as a revision now."""
    label = body.label if body is not None else None
    revision = await svc.revisions.create(
        principal.user_id, notebook_id, "manual", label=label, user_id=principal.user_id
    )
    assert revision is not None  # only an unchanged "auto" revision is skipped
    return RevisionOut.of(revision)


@router.get("/{notebook_id}/revisions/{revision_id}", response_model=dict[str, Any])
async def get_revision(
    notebook_id: str, revision_id: str, principal: CurrentUser, svc: Svc
) -> dict[str, Any]:
    """The revision's notebook as nbformat 4 JSON."""
    return await svc.revisions.get(principal.user_id, notebook_id, revision_id)


@router.post("/{notebook_id}/revisions/{revision_id}/restore", response_model=dict[str, Any])
async def restore_revision(
    notebook_id: str, revision_id: str, principal: CurrentUser, svc: Svc
) -> dict[str, Any]:
    """Make the revision the live document again (the current state is saved first, as a
    "restore" revision); connected editors see the change. Returns the restored notebook."""
    return await svc.revisions.restore(
        principal.user_id, notebook_id, revision_id, principal.user_id
    )
