"""The first reconcile after a server restart, when no last-synced state is known.

Without the state of the last sync, a missing item cannot be told apart from a deleted one, so
this round never deletes on either side: what is on one side only is copied to the other,
folders on both sides are taken as the same, and a file on both sides is compared by content.
Equal files are adopted. Different ones are both kept: a file's runtime copy keeps the name
(while the server was down only the runtime could change), and Drive's is kept beside it under a
"(Drive copy)" name; a notebook's live document keeps its name (it may be open and edited since)
and the runtime's copy is kept as "(runtime copy)", as is the runtime's side of a file/folder
clash. Set-aside copies reach the other side in the next round, the usual three-way reconcile
(:mod:`plan`) with the state this round recorded.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Mapping

from collaboratory.drive.models import FOLDER
from collaboratory.drive.mount.localfs import LocalEntry, RelPath
from collaboratory.drive.mount.plan import ADOPT, PULL, PUSH, REMOVE, Action, Synced
from collaboratory.drive.mount.tree import DriveNode

MERGE = "merge"  # a file on both sides, or a file on one and a folder on the other


def plan_merge(
    drive: Mapping[RelPath, DriveNode],
    local: Mapping[RelPath, LocalEntry],
    refused: Collection[RelPath] = (),
) -> list[Action]:
    """Parents first; nothing below a refused path (a link, a FIFO) is touched."""
    actions: list[Action] = []
    skipped: set[RelPath] = set(refused)
    for path in sorted({*drive, *local}, key=lambda p: (len(p), p)):
        if any(path[:n] in skipped for n in range(1, len(path) + 1)):
            continue
        d, entry = drive.get(path), local.get(path)
        if d is not None and entry is not None:
            if d.kind == FOLDER and entry.kind == "dir":
                actions.append(Action(ADOPT, path, node=d, local=entry))
                continue
            actions.append(Action(MERGE, path, node=d, local=entry))
            if entry.kind == "dir":  # moved aside: its contents go to Drive the next round
                skipped.add(path)
        elif d is not None:
            actions.append(Action(PULL, path, node=d))
        elif entry is not None:
            actions.append(Action(PUSH, path, local=entry))
    return actions


def aside_name(name: str, label: str, taken: Container[str]) -> str:
    """``data.csv`` -> ``data (Drive copy).csv``, numbered when that name is taken."""
    stem, dot, ext = name.rpartition(".")
    if not stem or not dot:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    for n in range(1, 1000):
        numbered = label if n == 1 else f"{label} {n}"
        candidate = f"{stem} ({numbered}){suffix}"
        if candidate not in taken:
            return candidate
    raise ValueError(f"no free name for {name}")


def merge_the_unknown(
    actions: list[Action],
    state: Mapping[RelPath, Synced],
    drive: Mapping[RelPath, DriveNode],
    local: Mapping[RelPath, LocalEntry],
) -> list[Action]:
    """The first round after taking a folder back with a known state: a path both sides hold
    that the state does not know (the server stopped between a round and saving its state) is
    merged rather than overwritten by Drive's copy."""
    careful: list[Action] = []
    for action in actions:
        path = action.path
        if path in state or path not in drive or path not in local:
            careful.append(action)
        elif action.kind == PULL:
            careful.append(Action(MERGE, path, node=drive[path], local=local[path]))
        elif action.kind != REMOVE:
            careful.append(action)
    return careful
