"""Renames and moves, found before the reconcile so that an item keeps its identity.

Without this, a rename would be a deletion plus a new item: a notebook renamed in the runtime
would lose its id (and with it its sharing, comments and revisions), and a folder renamed in
Drive would be copied into the runtime again. A rename in the directory is the same inode at a
new path; a rename in Drive is the same item id at a new path. Only the outermost rename is
kept (what is inside a renamed folder moves with it), and only when the new path is free on the
other side; anything else is left to the reconcile.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TypeVar

from collaboratory.drive.models import FOLDER
from collaboratory.drive.mount.localfs import LocalEntry, RelPath
from collaboratory.drive.mount.plan import Synced
from collaboratory.drive.mount.tree import DriveNode

V = TypeVar("V")


@dataclass(frozen=True)
class Rename:
    in_runtime: bool  # True: the runtime renamed it (Drive follows); False: Drive did
    old: RelPath
    new: RelPath
    item_id: str


def find_renames(
    state: MutableMapping[RelPath, Synced],
    drive: MutableMapping[RelPath, DriveNode],
    local: MutableMapping[RelPath, LocalEntry],
) -> list[Rename]:
    # A file renamed keeps its inode, size and time; a folder its inode.
    by_sig: dict[tuple[str, tuple[int, int, int]], RelPath] = {
        (e.kind, e.sig): p for p, e in local.items() if p not in state
    }
    by_item = {n.item_id: p for p, n in drive.items()}
    found: list[Rename] = []
    for old, s in state.items():
        d, entry = drive.get(old), local.get(old)
        if entry is None and d is not None and d.item_id == s.item_id:
            kind = "dir" if d.kind == FOLDER else "file"
            new = by_sig.get((kind, s.sig))
            if new is not None and new not in drive:
                found.append(Rename(True, old, new, s.item_id))
        elif d is None and entry is not None and entry.sig == s.sig:
            moved = by_item.get(s.item_id)
            if moved is not None and moved not in local and moved not in state:
                found.append(Rename(False, old, moved, s.item_id))
    olds = {r.old for r in found}
    return [r for r in found if not any(r.old[:n] in olds for n in range(1, len(r.old)))]


def move_prefix(mapping: MutableMapping[RelPath, V], old: RelPath, new: RelPath) -> None:
    """Every key at or under ``old`` now under ``new``."""
    n = len(old)
    for path in [p for p in mapping if p[:n] == old]:
        mapping[(*new, *path[n:])] = mapping.pop(path)
