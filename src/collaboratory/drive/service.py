"""Drive: each user's tree of folders, notebooks and files, and what others may reach of it.

An item the user has no role on answers 404 exactly like one that does not exist, so ids
cannot be probed; a role too weak for what is asked answers 403. Creating, moving, trashing
and deleting stay with the owner; an editor may rename.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from collaboratory.accounts.models import User
from collaboratory.db import Database, utcnow
from collaboratory.drive.access import role_on
from collaboratory.drive.models import CREATED, FILE, FOLDER, NOTEBOOK, UPLOADED, Item
from collaboratory.drive.names import unique_name, untitled_notebook_name, validate_name
from collaboratory.drive.notebooks import (
    NOTEBOOK_MEDIA_TYPE,
    load_notebook_json,
    new_notebook_content,
    parse_notebook,
)
from collaboratory.drive.roles import EDITOR, OWNER, VIEWER, Role, require
from collaboratory.drive.storage import BlobStore
from collaboratory.errors import BadRequest, Conflict, NotFound, TooLarge

HOME_FOLDER = "Notebooks"
_UNSET = object()


@dataclass(frozen=True)
class Entry:
    item: Item
    trashed: bool  # the item or one of its folders is in the trash
    notes: tuple[str, ...] = ()  # what an upload had to change
    role: Role = OWNER  # the asking user's


def not_found(what: str = "item") -> NotFound:
    return NotFound(f"No such {what}: it does not exist or is not yours.")


class DriveService:
    def __init__(self, db: Database, blobs: BlobStore, max_notebook_bytes: int) -> None:
        self.db = db
        self.blobs = blobs
        self.max_notebook_bytes = max_notebook_bytes

    # -- account hooks --------------------------------------------------------------------

    async def provision_home(self, s: AsyncSession, user: User) -> None:
        s.add(Item(owner_id=user.id, parent_id=None, kind=FOLDER, name=HOME_FOLDER))

    async def adopt_guest_items(self, s: AsyncSession, guest: User, into: User) -> None:
        """Move a guest's tree into an account; same-named folders are merged."""
        incoming = set((await s.scalars(select(Item.id).where(Item.owner_id == guest.id))).all())
        await s.execute(update(Item).where(Item.owner_id == guest.id).values(owner_id=into.id))
        await self._merge_clashes(s, into.id, None, incoming)

    async def _merge_clashes(
        self, s: AsyncSession, owner: str, parent: str | None, incoming: set[str]
    ) -> None:
        rows = await self._children(s, owner, parent, include_trashed=False)
        kept: dict[str, Item] = {}
        # The account's own items keep their names; incoming ones give way.
        for item in sorted(rows, key=lambda i: (i.id in incoming, i.created_at)):
            existing = kept.get(item.name)
            if existing is None:
                kept[item.name] = item
            elif item.kind == FOLDER and existing.kind == FOLDER:
                for child in await self._children(s, owner, item.id, include_trashed=True):
                    child.parent_id = existing.id
                await s.flush()
                await s.delete(item)
                await s.flush()
                await self._merge_clashes(s, owner, existing.id, incoming)
            else:
                item.name = unique_name(item.name, set(kept))
                kept[item.name] = item
        await s.flush()

    # -- reading --------------------------------------------------------------------------

    async def _owned(self, s: AsyncSession, owner: str, item_id: str) -> Item:
        item = await s.get(Item, item_id)
        if item is None or item.owner_id != owner:
            raise not_found()
        return item

    async def reach(
        self, s: AsyncSession, user: str, item_id: str, need: Role = VIEWER
    ) -> tuple[Item, Role]:
        """The item and the user's role on it, which must be at least ``need``."""
        item = await s.get(Item, item_id)
        role = None if item is None else await role_on(s, user, item)
        if item is None or role is None:
            raise not_found()
        return item, require(role, need)

    async def role(self, user: str, item_id: str, need: Role = VIEWER) -> Role:
        """The user's role on an item (NotFound without one, Forbidden below ``need``)."""
        async with self.db.session() as s:
            return (await self.reach(s, user, item_id, need))[1]

    async def _ancestors(self, s: AsyncSession, item: Item) -> list[Item]:
        chain: list[Item] = []
        parent_id = item.parent_id
        while parent_id is not None:
            parent = await s.get_one(Item, parent_id)
            chain.append(parent)
            parent_id = parent.parent_id
        return chain[::-1]

    async def _entry(self, s: AsyncSession, item: Item) -> Entry:
        trashed = item.trashed_at is not None or any(
            a.trashed_at is not None for a in await self._ancestors(s, item)
        )
        return Entry(item, trashed)

    async def _children(
        self, s: AsyncSession, owner: str, parent: str | None, *, include_trashed: bool
    ) -> list[Item]:
        query = select(Item).where(Item.owner_id == owner, Item.parent_id.is_(None))
        if parent is not None:
            query = select(Item).where(Item.owner_id == owner, Item.parent_id == parent)
        if not include_trashed:
            query = query.where(Item.trashed_at.is_(None))
        return list((await s.scalars(query)).all())

    async def _folder(self, s: AsyncSession, owner: str, folder_id: str | None) -> Item | None:
        """The folder to put things in (None: the top), which must be a live folder of yours."""
        if folder_id is None:
            return None
        folder = await self._owned(s, owner, folder_id)
        if folder.kind != FOLDER:
            raise BadRequest("The parent must be a folder.", code="not_a_folder")
        if (await self._entry(s, folder)).trashed:
            raise Conflict("That folder is in the trash. Restore it first.", code="trashed")
        return folder

    async def require_folder(self, owner: str, folder_id: str | None) -> None:
        async with self.db.session() as s:
            await self._folder(s, owner, folder_id)

    async def _sibling_names(self, s: AsyncSession, owner: str, parent: str | None) -> set[str]:
        return {i.name for i in await self._children(s, owner, parent, include_trashed=False)}

    async def list_folder(self, user: str, parent: str | None) -> list[Entry]:
        async with self.db.session() as s:
            if parent is None:
                items = await self._children(s, user, None, include_trashed=False)
                return [Entry(i, False) for i in sort_items(items)]
            folder, role = await self.reach(s, user, parent)
            if folder.kind != FOLDER:
                raise BadRequest("Only folders have contents to list.", code="not_a_folder")
            trashed = (await self._entry(s, folder)).trashed
            items = await self._children(s, folder.owner_id, parent, include_trashed=trashed)
            entries = []
            for i in sort_items(items):
                # Within a shared folder an item may be shared further, never less.
                own = role if role == OWNER else await role_on(s, user, i)
                entries.append(Entry(i, trashed or i.trashed_at is not None, role=own or role))
            return entries

    async def list_trash(self, owner: str) -> list[Entry]:
        async with self.db.session() as s:
            query = select(Item).where(Item.owner_id == owner, Item.trashed_at.is_not(None))
            items = (await s.scalars(query)).all()
        return [Entry(i, True) for i in sort_items(items)]

    async def get(self, user: str, item_id: str) -> Entry:
        async with self.db.session() as s:
            item, role = await self.reach(s, user, item_id)
            entry = await self._entry(s, item)
            return Entry(item, entry.trashed, role=role)

    async def path(self, user: str, item_id: str) -> list[Entry]:
        """The folders down to the item; someone it is shared with sees only what they reach."""
        async with self.db.session() as s:
            item, role = await self.reach(s, user, item_id)
            chain = [(item, role)]
            for folder in reversed(await self._ancestors(s, item)):
                folder_role = await role_on(s, user, folder)
                if folder_role is None:
                    break
                chain.append((folder, folder_role))
        trashed = False
        entries = []
        for i, r in reversed(chain):
            trashed = trashed or i.trashed_at is not None
            entries.append(Entry(i, trashed, role=r))
        return entries

    # -- creating and changing ------------------------------------------------------------

    async def create_folder(self, owner: str, name: str, parent: str | None) -> Entry:
        return await self._create(owner, FOLDER, validate_name(name), parent, None)

    async def create_notebook(self, owner: str, name: str | None, parent: str | None) -> Entry:
        if name is not None:
            name = validate_name(name)
            if not name.endswith(".ipynb"):
                name += ".ipynb"
        blob = await self.blobs.put(new_notebook_content())
        try:
            return await self._create(owner, NOTEBOOK, name, parent, blob)
        except Exception:
            self.blobs.delete(blob)
            raise

    async def _create(
        self, owner: str, kind: str, name: str | None, parent: str | None, blob: str | None
    ) -> Entry:
        async with self.db.session() as s:
            folder = await self._folder(s, owner, parent)
            taken = await self._sibling_names(s, owner, parent)
            if name is None:
                name = untitled_notebook_name(taken)
            elif name in taken:
                raise Conflict(
                    f"'{name}' already exists in this folder. Choose another name.",
                    code="name_taken",
                )
            item = Item(
                owner_id=owner,
                parent_id=folder.id if folder else None,
                kind=kind,
                name=name,
                origin=CREATED if kind == NOTEBOOK else None,
                blob=blob,
                size=self.blobs.size(blob) if blob else 0,
                content_type=NOTEBOOK_MEDIA_TYPE if kind == NOTEBOOK else None,
            )
            s.add(item)
            await s.flush()
            return Entry(item, False)

    async def update(
        self, user: str, item_id: str, name: str | None = None, parent: object = _UNSET
    ) -> Entry:
        """Rename and/or move; ``parent=None`` moves to the top of Drive. Editors may rename."""
        async with self.db.session() as s:
            item, role = await self.reach(
                s, user, item_id, OWNER if parent is not _UNSET else EDITOR
            )
            owner = item.owner_id
            if (await self._entry(s, item)).trashed:
                raise Conflict("That item is in the trash. Restore it first.", code="trashed")
            new_parent = item.parent_id
            if parent is not _UNSET:
                if parent is not None and not isinstance(parent, str):
                    raise BadRequest("parent must be a folder id or null.")
                folder = await self._folder(s, owner, parent)
                if folder is not None and item.kind == FOLDER:
                    await self._refuse_cycle(s, item, folder)
                new_parent = folder.id if folder else None
            new_name = validate_name(name) if name is not None else item.name
            if (new_name, new_parent) != (item.name, item.parent_id):
                taken = await self._sibling_names(s, owner, new_parent)
                taken.discard(item.name if new_parent == item.parent_id else "")
                if new_name in taken:
                    raise Conflict(
                        f"'{new_name}' already exists there. Choose another name.",
                        code="name_taken",
                    )
                item.name, item.parent_id, item.updated_at = new_name, new_parent, utcnow()
            return Entry(item, False, role=role)

    async def _refuse_cycle(self, s: AsyncSession, item: Item, target: Item) -> None:
        if target.id == item.id or item in await self._ancestors(s, target):
            raise BadRequest("A folder cannot be moved into itself.", code="invalid_move")

    async def trash(self, owner: str, item_id: str) -> None:
        async with self.db.session() as s:
            item = (await self.reach(s, owner, item_id, OWNER))[0]
            if item.trashed_at is None:
                item.trashed_at = utcnow()

    async def restore(self, owner: str, item_id: str) -> Entry:
        async with self.db.session() as s:
            item = (await self.reach(s, owner, item_id, OWNER))[0]
            if item.trashed_at is None:
                return await self._entry(s, item)
            ancestors = await self._ancestors(s, item)
            if any(a.trashed_at is not None for a in ancestors):
                item.parent_id = None  # its folder is still in the trash: restore to the top
            taken = await self._sibling_names(s, owner, item.parent_id)
            item.name = unique_name(item.name, taken)
            item.trashed_at = None
            return Entry(item, False)

    async def delete_forever(self, owner: str, item_id: str) -> None:
        async with self.db.session() as s:
            item = (await self.reach(s, owner, item_id, OWNER))[0]
            doomed = [item]
            frontier = [item.id] if item.kind == FOLDER else []
            while frontier:
                query = select(Item).where(Item.owner_id == owner, Item.parent_id.in_(frontier))
                children = list((await s.scalars(query)).all())
                doomed.extend(children)
                frontier = [c.id for c in children if c.kind == FOLDER]
            blobs = [i.blob for i in doomed if i.blob]
            await s.execute(delete(Item).where(Item.id.in_([i.id for i in doomed])))
        for blob in blobs:
            self.blobs.delete(blob)

    # -- content --------------------------------------------------------------------------

    async def add_upload(
        self, owner: str, parent: str | None, filename: str, blob: str, content_type: str | None
    ) -> Entry:
        """Turn a committed blob into an item; an ``.ipynb`` must be a valid notebook."""
        try:
            name = validate_name(filename)
            kind, notes = FILE, list[str]()
            if name.lower().endswith(".ipynb"):
                kind, notes, content_type = NOTEBOOK, await self._accept_notebook(blob), None
            async with self.db.session() as s:
                folder = await self._folder(s, owner, parent)
                parent_id = folder.id if folder else None
                item = Item(
                    owner_id=owner,
                    parent_id=parent_id,
                    kind=kind,
                    name=unique_name(name, await self._sibling_names(s, owner, parent_id)),
                    origin=UPLOADED if kind == NOTEBOOK else None,
                    blob=blob,
                    size=self.blobs.size(blob),
                    content_type=NOTEBOOK_MEDIA_TYPE if kind == NOTEBOOK else content_type,
                )
                s.add(item)
                await s.flush()
                return Entry(item, False, tuple(notes))
        except Exception:
            self.blobs.delete(blob)
            raise

    async def _accept_notebook(self, blob: str) -> list[str]:
        size = self.blobs.size(blob)
        if size > self.max_notebook_bytes:
            raise TooLarge(
                f"This notebook is {size} bytes; notebooks can be at most "
                f"{self.max_notebook_bytes} bytes.",
            )
        parsed = parse_notebook(await self.blobs.read(blob))
        if parsed.notes:  # store the repaired or upgraded form
            path = self.blobs.path(blob)
            partial = self.blobs.partial_path(blob)
            partial.write_bytes(parsed.content)
            partial.replace(path)
        return parsed.notes

    async def replace_file(self, user: str, item_id: str, blob: str) -> Entry:
        """Give a file new bytes (a committed blob); an editor may. The old bytes are deleted."""
        try:
            async with self.db.session() as s:
                item, role = await self.reach(s, user, item_id, EDITOR)
                if item.kind != FILE:
                    raise BadRequest("Only a file's bytes can be replaced.", code="not_a_file")
                if (await self._entry(s, item)).trashed:
                    raise Conflict("That item is in the trash. Restore it first.", code="trashed")
                old, item.blob = item.blob, blob
                item.size, item.updated_at = self.blobs.size(blob), utcnow()
        except Exception:
            self.blobs.delete(blob)
            raise
        if old:
            self.blobs.delete(old)
        return Entry(item, False, role=role)

    async def content(self, user: str, item_id: str) -> tuple[Item, str]:
        """The item and the blob key of its bytes, for download."""
        async with self.db.session() as s:
            item = (await self.reach(s, user, item_id))[0]
        if item.blob is None:
            raise BadRequest("A folder has no content to download.", code="not_a_file")
        return item, item.blob

    async def notebook(self, user: str, item_id: str) -> dict[str, object]:
        async with self.db.session() as s:
            item = (await self.reach(s, user, item_id))[0]
        if item.kind != NOTEBOOK or item.blob is None:
            raise not_found("notebook")
        return load_notebook_json(await self.blobs.read(item.blob))


def sort_items(items: Sequence[Item]) -> list[Item]:
    """Folders first, then by name, as Drive lists them."""
    return sorted(items, key=lambda i: (i.kind != FOLDER, i.name.casefold(), i.name))
