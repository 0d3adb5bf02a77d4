"""Sharing: the people an item is shared with and their roles, "Anyone with the link", handing
ownership to someone else, and the items shared with a user.

A folder's sharing reaches everything in it. Only the owner changes who has access.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collaboratory.accounts.models import User
from collaboratory.db import Database, utcnow
from collaboratory.drive.access import role_on
from collaboratory.drive.models import FOLDER, Item, Share
from collaboratory.drive.names import unique_name
from collaboratory.drive.roles import EDITOR, OWNER, SharedRole, shared, too_weak
from collaboratory.drive.service import DriveService, Entry, sort_items
from collaboratory.errors import BadRequest


@dataclass(frozen=True)
class Person:
    username: str
    role: SharedRole


@dataclass(frozen=True)
class Sharing:
    owner: str
    people: list[Person]
    link_role: SharedRole | None


@dataclass(frozen=True)
class Summary:
    """What an owner's Drive listing shows of an item's own sharing (not a folder's above it)."""

    people: list[Person]
    link_role: SharedRole | None


class SharingService:
    def __init__(self, db: Database, drive: DriveService) -> None:
        self.db = db
        self.drive = drive

    async def get(self, user: str, item_id: str) -> Sharing:
        """Who has access; anyone who can open the item may see it."""
        async with self.db.session() as s:
            item, _ = await self.drive.reach(s, user, item_id)
            return await self._sharing(s, item)

    async def _sharing(self, s: AsyncSession, item: Item) -> Sharing:
        owner = await s.get_one(User, item.owner_id)
        rows = await s.execute(
            select(User.username, Share.role)
            .join(Share, Share.user_id == User.id)
            .where(Share.item_id == item.id)
            .order_by(User.username)
        )
        people = [Person(name, shared(role)) for name, role in rows.all() if name is not None]
        link = shared(item.link_role) if item.link_role else None
        return Sharing(owner.username or "guest", people, link)

    async def summaries(self, user: str, entries: Sequence[Entry]) -> dict[str, Summary]:
        """For each listed item the user owns, who it is shared with by name and its link
        role, found in one query for the whole listing. Items of others have none: a
        recipient's listing does not say who else has access."""
        owned = [e.item for e in entries if e.role == OWNER and e.item.owner_id == user]
        if not owned:
            return {}
        found = {i.id: Summary([], shared(i.link_role) if i.link_role else None) for i in owned}
        async with self.db.session() as s:
            rows = await s.execute(
                select(Share.item_id, User.username, Share.role)
                .join(User, Share.user_id == User.id)
                .where(Share.item_id.in_(list(found)))
                .order_by(User.username)
            )
            for item_id, name, role in rows.all():
                if name is not None:
                    found[item_id].people.append(Person(name, shared(role)))
        return found

    async def put(self, user: str, item_id: str, wanted: Sharing) -> Sharing:
        """Replace the item's sharing (owner only); naming another owner hands it over."""
        async with self.db.session() as s:
            item, role = await self.drive.reach(s, user, item_id)
            if role != OWNER:
                raise too_weak(role, OWNER)
            current = await s.get_one(User, item.owner_id)
            people = await self._users(s, [p.username for p in wanted.people])
            new_owner = current
            if wanted.owner.casefold() != (current.username or "").casefold():
                new_owner = (await self._users(s, [wanted.owner]))[0]
            await s.execute(delete(Share).where(Share.item_id == item.id))
            for person, user_row in zip(wanted.people, people, strict=True):
                if user_row.id != new_owner.id:
                    s.add(Share(item_id=item.id, user_id=user_row.id, role=person.role))
            if new_owner.id != current.id:
                await self._transfer(s, item, current, new_owner, {u.id for u in people})
            item.link_role = wanted.link_role
            item.updated_at = utcnow()
            await s.flush()
            return await self._sharing(s, item)

    async def _users(self, s: AsyncSession, names: Sequence[str]) -> list[User]:
        if len({n.casefold() for n in names}) != len(names):
            raise BadRequest("Each person can be listed once.", code="duplicate_person")
        found: list[User] = []
        for name in names:
            query = select(User).where(func.lower(User.username) == name.casefold())
            row = (await s.scalars(query)).first()
            if row is None or row.is_guest:
                raise BadRequest(f"There is no user named '{name}'.", code="unknown_user")
            found.append(row)
        return found

    async def _transfer(
        self, s: AsyncSession, item: Item, old: User, new: User, listed: set[str]
    ) -> None:
        """The item (with all it holds) moves to the top of the new owner's Drive; the old
        owner stays on as an editor unless the new sharing names them."""
        frontier, moved = [item.id], [item]
        while frontier:
            query = select(Item).where(Item.parent_id.in_(frontier))
            children = list((await s.scalars(query)).all())
            moved.extend(children)
            frontier = [c.id for c in children if c.kind == FOLDER]
        for i in moved:
            i.owner_id = new.id
        await s.execute(
            delete(Share).where(Share.item_id.in_([i.id for i in moved]), Share.user_id == new.id)
        )
        siblings = select(Item.name).where(
            Item.owner_id == new.id,
            Item.parent_id.is_(None),
            Item.trashed_at.is_(None),
            Item.id != item.id,
        )
        item.name = unique_name(item.name, set((await s.scalars(siblings)).all()))
        item.parent_id = None
        if old.id not in listed:
            s.add(Share(item_id=item.id, user_id=old.id, role=EDITOR))

    async def shared_with(self, user: str) -> list[Entry]:
        """The items shared with the user by name (a folder stands for what it holds)."""
        async with self.db.session() as s:
            query = (
                select(Item)
                .join(Share, Share.item_id == Item.id)
                .where(Share.user_id == user, Item.owner_id != user)
            )
            entries = []
            for item in sort_items((await s.scalars(query)).all()):
                role = await role_on(s, user, item)
                if role is not None:
                    entries.append(Entry(item, False, role=role))
            return entries
