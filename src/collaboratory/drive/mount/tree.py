"""The Drive side of a mount: the owner's own items that are not in the trash, by path.

Only items the user owns appear (``MyDrive``); items shared with them do not, as on Colab,
where another person's items appear in a mount only through a shortcut the user adds.
A notebook's version is the sequence number of its live document's last update, so it changes
with every edit (and not when the log is compacted); a file's is its blob key, which changes
with its bytes; a folder has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collaboratory.db import Database
from collaboratory.documents.models import NotebookDocument, NotebookUpdate
from collaboratory.drive.models import FILE, FOLDER, NOTEBOOK, Item
from collaboratory.drive.mount.localfs import MAX_DEPTH, TEMP_PREFIX, RelPath

MAX_NAME_BYTES = 255


@dataclass(frozen=True)
class DriveNode:
    item_id: str
    kind: str  # folder, notebook or file
    version: str
    size: int


def fits_a_file_name(name: str) -> bool:
    """Whether a Drive name can be a file name in the runtime (and is not one of ours)."""
    return len(name.encode()) <= MAX_NAME_BYTES and not name.startswith(TEMP_PREFIX)


async def drive_tree(db: Database, owner_id: str) -> tuple[dict[RelPath, DriveNode], list[str]]:
    """The owner's live items by path; what cannot be shown is named in the problems."""
    # Columns, not ORM objects: this runs every few seconds for every mount.
    columns = (Item.id, Item.parent_id, Item.kind, Item.name, Item.blob, Item.size)
    query = select(*columns, Item.trashed_at, Item.created_at).where(Item.owner_id == owner_id)
    async with db.session() as s:
        items = list((await s.execute(query)).all())
        notebooks = [i.id for i in items if i.kind == NOTEBOOK]
        versions = await _notebook_versions(s, notebooks) if notebooks else {}
    children: dict[str | None, list[Any]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    tree: dict[RelPath, DriveNode] = {}
    problems: list[str] = []
    frontier: list[tuple[str | None, RelPath]] = [(None, ())]
    while frontier:
        parent, at = frontier.pop()
        for item in children.get(parent, []):
            if item.trashed_at is not None:
                continue
            path = (*at, item.name)
            if not fits_a_file_name(item.name):
                problems.append(f"{'/'.join(path)}: this Drive name is too long for a file name.")
                continue
            if item.kind == FOLDER:
                tree[path] = DriveNode(item.id, FOLDER, "", 0)
                if len(path) < MAX_DEPTH:
                    frontier.append((item.id, path))
            elif item.kind == NOTEBOOK:
                version = versions.get(item.id, f"created {item.created_at.isoformat()}")
                tree[path] = DriveNode(item.id, NOTEBOOK, version, item.size)
            elif item.kind == FILE:
                tree[path] = DriveNode(item.id, FILE, item.blob or "", item.size)
    return tree, problems


async def _notebook_versions(s: AsyncSession, notebook_ids: list[str]) -> dict[str, str]:
    latest: dict[str, int] = {}
    logged = await s.execute(
        select(NotebookUpdate.notebook_id, func.max(NotebookUpdate.seq))
        .where(NotebookUpdate.notebook_id.in_(notebook_ids))
        .group_by(NotebookUpdate.notebook_id)
    )
    folded = await s.execute(
        select(NotebookDocument.notebook_id, NotebookDocument.snapshot_seq).where(
            NotebookDocument.notebook_id.in_(notebook_ids)
        )
    )
    for notebook_id, seq in [*logged.all(), *folded.all()]:
        if seq is not None:
            latest[notebook_id] = max(latest.get(notebook_id, 0), int(seq))
    return {notebook_id: f"seq {seq}" for notebook_id, seq in latest.items()}
