"""Sharing a Drive item: who has access and as what, and the items shared with me."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from collaboratory.drive import sharing
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.schemas import DriveItem, Person, Sharing
from collaboratory.server.services import Services

router = APIRouter(prefix="/drive", tags=["drive"])
Svc = Annotated[Services, Depends(services)]


def _out(found: sharing.Sharing) -> Sharing:
    people = [Person(username=p.username, role=p.role) for p in found.people]
    return Sharing(owner=found.owner, people=people, link_role=found.link_role)


@router.get("/items/{item_id}/sharing")
async def get_sharing(item_id: str, principal: CurrentUser, svc: Svc) -> Sharing:
    """Who has access: the owner, people by name with their roles, and the link role."""
    return _out(await svc.sharing.get(principal.user_id, item_id))


@router.put("/items/{item_id}/sharing")
async def put_sharing(item_id: str, body: Sharing, principal: CurrentUser, svc: Svc) -> Sharing:
    """Replace who has access (the owner only). A folder's sharing reaches all it holds.
    Another owner's name hands the item over: it moves to the top of their Drive and the
    previous owner stays on as an editor. Open editors get their new role at once."""
    people = [sharing.Person(p.username, p.role) for p in body.people]
    wanted = sharing.Sharing(body.owner, people, body.link_role)
    found = await svc.sharing.put(principal.user_id, item_id, wanted)
    await svc.documents.recheck_access()
    return _out(found)


@router.get("/shared")
async def shared_with_me(principal: CurrentUser, svc: Svc) -> list[DriveItem]:
    """Items others shared with me by name (a shared folder stands for what it holds; list
    it to see its contents), each with my role."""
    return [DriveItem.of(e) for e in await svc.sharing.shared_with(principal.user_id)]
