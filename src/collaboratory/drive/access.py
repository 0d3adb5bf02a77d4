"""Who may do what with a Drive item: its owner, the people it (or a folder above it) is
shared with, and, where a link role is set, anyone signed in who has the link.

Only the owner sees a trashed item; to everyone else it is gone, as after deleting it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collaboratory.drive.models import Item, Share
from collaboratory.drive.roles import OWNER, Role, strongest


async def chain(s: AsyncSession, item: Item) -> list[Item]:
    """The item and the folders above it, nearest first."""
    found = [item]
    while found[-1].parent_id is not None:
        found.append(await s.get_one(Item, found[-1].parent_id))
    return found


async def role_on(s: AsyncSession, user_id: str, item: Item) -> Role | None:
    """The user's role on the item; None means no access at all."""
    if item.owner_id == user_id:
        return OWNER
    items = await chain(s, item)
    if any(i.trashed_at is not None for i in items):
        return None
    ids = [i.id for i in items]
    query = select(Share.role).where(Share.user_id == user_id, Share.item_id.in_(ids))
    shared = list((await s.scalars(query)).all())
    return strongest([*shared, *(i.link_role for i in items)])
