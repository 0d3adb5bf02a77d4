"""Paths of Jupyter's contents API mapped onto a user's Drive.

The root (``""``) is the top of the user's own Drive; each segment below is an item's name,
so ``Notebooks/analysis.ipynb`` is the notebook ``analysis.ipynb`` in the folder
``Notebooks``. Items others share with the user are under a folder ``Shared with me`` at the
root, listed while anything is shared and unless an item of the user's own has that name
(their own item wins). Drive keeps the names of live items in one folder unique, but names
from different owners meet in ``Shared with me``: wherever two items would have the same
name, the first in Drive's order (folders first, then by name) keeps it and the others are
``name (1).ext``, ``name (2).ext``… as Drive names copies. Trashed items have no path.
"""

from __future__ import annotations

from dataclasses import dataclass

from collaboratory.drive.models import FOLDER
from collaboratory.drive.names import unique_name
from collaboratory.drive.roles import OWNER
from collaboratory.drive.service import DriveService, Entry
from collaboratory.drive.sharing import SharingService
from collaboratory.errors import BadRequest, NotFound

SHARED = "Shared with me"


@dataclass(frozen=True)
class Node:
    """What a path names: an item, or a folder of the API's own (the root, ``Shared with me``)."""

    path: str
    entry: Entry | None
    shared_root: bool = False

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]

    @property
    def is_folder(self) -> bool:
        return self.entry is None or self.entry.item.kind == FOLDER

    @property
    def folder_id(self) -> str | None:
        """The Drive folder to create things in (None: the top of the user's Drive)."""
        if self.shared_root:
            raise BadRequest(f"Nothing can be created in '{SHARED}' itself.", code="read_only")
        return None if self.entry is None else self.entry.item.id


def no_such(path: str) -> NotFound:
    return NotFound(f"No such file or directory: {path}")


def segments(path: str) -> list[str]:
    """A path's names; ``.``, ``..`` and empty segments are refused."""
    parts = [p for p in path.strip("/").split("/")] if path.strip("/") else []
    if any(p in ("", ".", "..") for p in parts):
        raise BadRequest(f"Not a valid path: {path!r}.", code="invalid_path")
    return parts


def join(parent: str, name: str) -> str:
    return f"{parent}/{name}" if parent else name


class Paths:
    def __init__(self, drive: DriveService, sharing: SharingService) -> None:
        self.drive = drive
        self.sharing = sharing

    async def children(self, user: str, node: Node) -> list[Node]:
        """A folder's live items, each with its path."""
        if node.entry is not None and node.entry.item.kind != FOLDER:
            raise BadRequest(f"{node.path} is not a directory.", code="not_a_folder")
        if node.shared_root:
            entries = await self.sharing.shared_with(user)
        elif node.entry is None:
            entries = [
                Entry(e.item, e.trashed, role=OWNER)
                for e in await self.drive.list_folder(user, None)
            ]
        else:
            entries = await self.drive.list_folder(user, node.entry.item.id)
        named: list[Node] = []
        taken: set[str] = set()
        for entry in entries:
            if entry.trashed:
                continue
            name = unique_name(entry.item.name, taken)
            taken.add(name)
            named.append(Node(join(node.path, name), entry))
        if node.path == "" and SHARED not in taken and await self.sharing.shared_with(user):
            named.append(Node(SHARED, None, shared_root=True))
        return named

    async def resolve(self, user: str, path: str) -> Node:
        """The node a path names; NotFound when nothing (the user may reach) has it."""
        node = Node("", None)
        for part in segments(path):
            if not node.is_folder:
                raise no_such(path)
            found = [c for c in await self.children(user, node) if c.name == part]
            if not found:
                raise no_such(path)
            node = found[0]
        return node

    async def parent_of(self, user: str, path: str) -> tuple[Node, str]:
        """The folder a new item at ``path`` goes into, and its name."""
        parts = segments(path)
        if not parts:
            raise BadRequest("The root cannot be created, renamed or deleted.", code="root")
        parent = await self.resolve(user, "/".join(parts[:-1]))
        if not parent.is_folder:
            raise BadRequest(f"{parent.path} is not a directory.", code="not_a_folder")
        return parent, parts[-1]
