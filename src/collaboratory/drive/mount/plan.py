"""The three-way reconcile: Drive now, the directory now, and both as they were last synced.

A side changed when it differs from the last sync. What changed on one side only is carried to
the other; a deletion on one side deletes on the other unless the other side changed since
(then the changed item comes back). When both changed, the runtime's copy wins: it is the one
a cell just wrote (a notebook's earlier state stays in its revisions). A folder deleted on one
side takes its contents with it unless something inside changed on the other side, which
keeps the folder. Paths are planned parents first, so a folder exists before what goes in it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from collaboratory.drive.models import FOLDER
from collaboratory.drive.mount.localfs import LocalEntry, RelPath
from collaboratory.drive.mount.tree import DriveNode


@dataclass(frozen=True)
class Synced:
    """A path as both sides last agreed on it."""

    item_id: str
    version: str
    sig: tuple[int, int, int]


@dataclass(frozen=True)
class Action:
    kind: str  # pull, push, trash, remove, adopt, forget
    path: RelPath
    node: DriveNode | None = None
    local: LocalEntry | None = None
    item_id: str | None = None  # push: the Drive item to update (None: a new one)


PULL, PUSH, TRASH, REMOVE, ADOPT, FORGET = "pull", "push", "trash", "remove", "adopt", "forget"


def drive_changed(s: Synced | None, d: DriveNode) -> bool:
    return s is None or s.item_id != d.item_id or s.version != d.version


def local_changed(s: Synced | None, entry: LocalEntry) -> bool:
    return s is None or s.sig != entry.sig


def _same_kind(d: DriveNode, entry: LocalEntry) -> bool:
    return (d.kind == FOLDER) == (entry.kind == "dir")


def plan(
    state: Mapping[RelPath, Synced],
    drive: Mapping[RelPath, DriveNode],
    local: Mapping[RelPath, LocalEntry],
    *,
    readonly: bool = False,
    rejected: Mapping[RelPath, tuple[int, int, int]] | None = None,
    refused: Collection[RelPath] = (),
) -> list[Action]:
    """What to do, parents first; ``readonly``: Drive always wins and nothing is pushed.
    ``refused`` paths (a link, a FIFO in the directory) and all below them are left alone on
    both sides: a link is neither a deletion nor a place to write into."""
    rejected = rejected or {}
    actions: list[Action] = []
    done_below: set[RelPath] = set(refused)
    for path in sorted({*state, *drive, *local}, key=lambda p: (len(p), p)):
        if any(path[:n] in done_below for n in range(1, len(path) + 1)):
            continue
        s, d, entry = state.get(path), drive.get(path), local.get(path)
        if entry is not None and s is None and rejected.get(path) == entry.sig and d is None:
            continue  # refused before and unchanged since
        chosen = _decide(path, s, d, entry, state, drive, local)
        if readonly:
            chosen = _readonly(path, chosen, d, entry)
        actions.extend(chosen)
        for action in chosen:
            if action.kind in (TRASH, REMOVE) and _is_folder(action):
                done_below.add(path)
    return actions


def _is_folder(action: Action) -> bool:
    if action.node is not None:
        return action.node.kind == FOLDER
    return action.local is not None and action.local.kind == "dir"


def _decide(
    path: RelPath,
    s: Synced | None,
    d: DriveNode | None,
    entry: LocalEntry | None,
    state: Mapping[RelPath, Synced],
    drive: Mapping[RelPath, DriveNode],
    local: Mapping[RelPath, LocalEntry],
) -> list[Action]:
    if d is not None and entry is not None:
        if not _same_kind(d, entry):
            if s is not None and not drive_changed(s, d):  # the runtime replaced it
                return [Action(TRASH, path, node=d), Action(PUSH, path, local=entry)]
            return [Action(REMOVE, path, local=entry), Action(PULL, path, node=d)]
        if d.kind == FOLDER:
            if s is None or s.item_id != d.item_id or s.sig != entry.sig:
                return [Action(ADOPT, path, node=d, local=entry)]
            return []
        if s is None or (drive_changed(s, d) and not local_changed(s, entry)):
            return [Action(PULL, path, node=d, local=entry)]
        if local_changed(s, entry):
            return [Action(PUSH, path, local=entry, item_id=d.item_id, node=d)]
        return []
    if d is not None:  # gone from the directory
        if s is None or drive_changed(s, d) or _news_below(path, state, drive, local_side=False):
            return [Action(PULL, path, node=d)]
        return [Action(TRASH, path, node=d)]
    if entry is not None:  # gone from Drive
        if s is None or local_changed(s, entry) or _news_below(path, state, local, local_side=True):
            return [Action(PUSH, path, local=entry)]
        return [Action(REMOVE, path, local=entry)]
    return [Action(FORGET, path)] if s is not None else []


def _news_below(
    path: RelPath,
    state: Mapping[RelPath, Synced],
    side: Mapping[RelPath, DriveNode] | Mapping[RelPath, LocalEntry],
    *,
    local_side: bool,
) -> bool:
    """Whether anything inside the folder ``path`` is new or changed on ``side``."""
    n = len(path)
    for other, value in side.items():
        if len(other) <= n or other[:n] != path:
            continue
        s = state.get(other)
        if isinstance(value, LocalEntry) and local_side and local_changed(s, value):
            return True
        if isinstance(value, DriveNode) and not local_side and drive_changed(s, value):
            return True
    return False


def _readonly(
    path: RelPath, chosen: list[Action], d: DriveNode | None, entry: LocalEntry | None
) -> list[Action]:
    """A read-only mount never changes Drive: what the directory changed is put back."""
    if not any(a.kind in (TRASH, PUSH) for a in chosen):
        return chosen
    if d is None:
        return [Action(REMOVE, path, local=entry)] if entry is not None else []
    if entry is not None and not _same_kind(d, entry):
        return [Action(REMOVE, path, local=entry), Action(PULL, path, node=d)]
    return [Action(PULL, path, node=d, local=entry)]
