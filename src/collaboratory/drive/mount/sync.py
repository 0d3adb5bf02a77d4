"""One reconcile of a mounted Drive: look at both sides, plan, and carry each change over.

Drive changes go through the Drive and document services as the user's own (so roles,
names, quotas and notebook validation are Drive's): a notebook written in the directory is
applied to its live document (``DocumentService.replace``, as a Jupyter client's save is),
so it never forks. Directory changes go through :mod:`localfs`, which follows no link.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import mimetypes
import os
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from collaboratory.documents.service import DocumentService
from collaboratory.drive.models import FOLDER, NOTEBOOK
from collaboratory.drive.mount import localfs
from collaboratory.drive.mount.localfs import LocalEntry, Owner, Refused, RelPath
from collaboratory.drive.mount.merge import MERGE, aside_name, merge_the_unknown, plan_merge
from collaboratory.drive.mount.plan import (
    ADOPT,
    PULL,
    PUSH,
    REMOVE,
    TRASH,
    Action,
    Synced,
    plan,
)
from collaboratory.drive.mount.renames import Rename, find_renames, move_prefix
from collaboratory.drive.mount.tree import DriveNode, drive_tree, fits_a_file_name
from collaboratory.drive.names import validate_name
from collaboratory.drive.notebooks import load_notebook_json, parse_notebook
from collaboratory.drive.service import DriveService
from collaboratory.errors import ServiceError

T = TypeVar("T")
MY_DRIVE = "MyDrive"
BLOB_CHUNK = 1024 * 1024


class MountGone(Exception):
    """The mounted folder was removed or replaced (a factory reset, ``rm -rf``): stop."""


@dataclass(eq=False)
class MountedDrive:
    user_id: str
    runtime_id: str
    files_root: Path  # the runtime's /content on this host
    mountpoint: RelPath  # under /content
    readonly: bool
    max_bytes: int  # what the directory may hold in all: the runtime's disk
    owner: Owner
    root_ino: int = 0
    state: dict[RelPath, Synced] = field(default_factory=dict)
    rejected: dict[RelPath, tuple[int, int, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # Taken back after a server restart: the next round merges (see merge.py).
    merge: bool = False
    resumed: bool = False  # taken back with a known state: see merge.merge_the_unknown
    kept_both: list[str] = field(default_factory=list)  # what that merge kept twice
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    task: asyncio.Task[None] | None = None

    @property
    def shown(self) -> str:
        return "/".join(("/content", *self.mountpoint))

    def open_root(self) -> int:
        """A descriptor of ``<mountpoint>/MyDrive``; MountGone when it is not ours any more."""
        try:
            fd = localfs.open_root((*self.mountpoint, MY_DRIVE), str(self.files_root))
        except OSError:
            raise MountGone(self.shown) from None
        if os.fstat(fd).st_ino != self.root_ino:
            os.close(fd)
            raise MountGone(self.shown)
        return fd


def drive_name(name: str) -> bool:
    try:
        return validate_name(name) == name and fits_a_file_name(name)
    except ServiceError:
        return False


class Reconciler:
    def __init__(
        self, drive: DriveService, documents: DocumentService, max_file_bytes: int
    ) -> None:
        self.drive = drive
        self.documents = documents
        self.max_file_bytes = max_file_bytes

    async def reconcile(self, mount: MountedDrive, alive: Callable[[], Awaitable[bool]]) -> None:
        """One round; MountGone when the folder is gone. Problems land in ``mount.problems``."""
        async with mount.lock:
            tree, problems = await drive_tree(self.drive.db, mount.user_id)
            root_fd = await asyncio.to_thread(mount.open_root)
            try:
                # A read-only mount's files are the server's own, and are never imported.
                owner = mount.owner
                if mount.readonly:
                    owner = Owner(owner.uid, owner.gid, chown=False)
                seen = await asyncio.to_thread(localfs.scan, root_fd, owner, drive_name)
                # Backends stop the kernel before they empty /content: a live kernel after
                # the scan means no reset or deletion emptied it during the scan.
                if not await alive():
                    return
                problems += seen.problems
                run = _Round(self, mount, root_fd, tree, seen.entries, problems)
                if mount.merge:
                    actions = plan_merge(tree, seen.entries, seen.refused)
                else:
                    for rename in find_renames(mount.state, tree, seen.entries):
                        await run.rename(rename, tree, seen.entries)
                    actions = plan(
                        mount.state,
                        tree,
                        seen.entries,
                        readonly=mount.readonly,
                        rejected=mount.rejected,
                        refused=seen.refused,
                    )
                if mount.resumed:
                    actions = merge_the_unknown(actions, mount.state, tree, seen.entries)
                for action in actions:
                    await run.apply(action)
                mount.merge = mount.resumed = False
            finally:
                os.close(root_fd)
            mount.problems = problems


class _Round:
    """The actions of one reconcile, with what they need to share."""

    def __init__(
        self,
        owner: Reconciler,
        mount: MountedDrive,
        root_fd: int,
        tree: dict[RelPath, DriveNode],
        local: dict[RelPath, LocalEntry],
        problems: list[str],
    ) -> None:
        self.r = owner
        self.mount = mount
        self.root_fd = root_fd
        self.ids = {path: node.item_id for path, node in tree.items()}
        self.names = {*tree, *local}  # taken, for the names merge.py sets copies aside under
        self.local_bytes = sum(e.size for e in local.values())
        self.problems = problems

    async def apply(self, action: Action) -> None:
        shown = "/".join(action.path)
        try:
            await self._apply(action)
        except Refused as exc:
            self.problems.append(f"{shown}: {exc}")
        except ServiceError as exc:
            self.problems.append(f"{shown}: {exc.message}")
        except OSError as exc:  # the directory changed under us: the next round retries
            self.problems.append(f"{shown}: {exc.strerror or exc}")

    async def _apply(self, action: Action) -> None:
        path, state = action.path, self.mount.state
        if action.kind == PULL:
            assert action.node is not None
            await self._pull(path, action.node, action.local)
        elif action.kind == PUSH:
            assert action.local is not None
            await self._push(path, action.local, action.node if action.item_id else None)
        elif action.kind == TRASH:
            assert action.node is not None
            await self.r.drive.trash(self.mount.user_id, action.node.item_id)
            self._forget(path)
        elif action.kind == REMOVE:
            await self._in_parent(path, localfs.remove)
            self._forget(path)
        elif action.kind == MERGE:
            assert action.node is not None and action.local is not None
            await self._merge(path, action.node, action.local)
        elif action.kind == ADOPT:
            assert action.node is not None and action.local is not None
            state[path] = Synced(action.node.item_id, action.node.version, action.local.sig)
        else:
            self._forget(path)

    async def rename(
        self,
        rename: Rename,
        tree: dict[RelPath, DriveNode],
        local: dict[RelPath, LocalEntry],
    ) -> None:
        """Carry a rename over; on failure the reconcile deletes and re-adds instead."""
        old, new = rename.old, rename.new
        try:
            if rename.in_runtime:
                await self._rename_in_drive(rename)
                move_prefix(tree, old, new)
                move_prefix(self.ids, old, new)
            else:
                await asyncio.to_thread(self._rename_here, old, new)
                move_prefix(local, old, new)
        except (Refused, ServiceError, OSError):
            return
        move_prefix(self.mount.state, old, new)

    async def _rename_in_drive(self, rename: Rename) -> None:
        user, item, name = self.mount.user_id, rename.item_id, rename.new[-1]
        if rename.old[:-1] == rename.new[:-1]:
            await self.r.drive.update(user, item, name=name)
        else:
            await self.r.drive.update(user, item, name=name, parent=self._parent_id(rename.new))

    def _rename_here(self, old: RelPath, new: RelPath) -> None:
        with (
            localfs.opened(self.root_fd, old[:-1]) as source,
            localfs.opened(self.root_fd, new[:-1]) as target,
        ):
            if localfs.lookup(target, new[-1]) is not None:
                raise FileExistsError(new[-1])
            os.rename(old[-1], new[-1], src_dir_fd=source, dst_dir_fd=target)

    def _forget(self, path: RelPath) -> None:
        n = len(path)
        for known in [p for p in self.mount.state if p[:n] == path]:
            del self.mount.state[known]

    async def _in_parent(self, path: RelPath, work: Callable[[int, str], T]) -> T:
        def run() -> T:
            with localfs.opened(self.root_fd, path[:-1]) as dir_fd:
                return work(dir_fd, path[-1])

        return await asyncio.to_thread(run)

    # -- after a server restart (merge.py) -------------------------------------------------

    async def _merge(self, path: RelPath, node: DriveNode, entry: LocalEntry) -> None:
        """Both sides hold ``path`` and nothing says which changed: keep both when they differ."""
        mount, shown = self.mount, "/".join(path)
        kind_clash = (node.kind == FOLDER) != (entry.kind == "dir")
        if not kind_clash and await self._same_bytes(path, node, entry):
            mount.state[path] = Synced(node.item_id, node.version, entry.sig)
            return
        if kind_clash or node.kind == NOTEBOOK:  # a live document keeps its name
            aside = self._free_name(path, "runtime copy")
            await asyncio.to_thread(self._rename_here, path, (*path[:-1], aside))
            await self._pull(path, node, None)
            mount.kept_both.append(f"{shown}: the runtime's copy is now {aside}")
            return
        aside = self._free_name(path, "Drive copy")
        await self.r.drive.update(mount.user_id, node.item_id, name=aside)
        await self._push(path, entry, None)
        mount.kept_both.append(f"{shown}: Drive's copy is now {aside}")

    def _free_name(self, path: RelPath, label: str) -> str:
        siblings = {p[-1] for p in self.names if p[:-1] == path[:-1]}
        name = aside_name(path[-1], label, siblings)
        self.names.add((*path[:-1], name))
        return name

    async def _same_bytes(self, path: RelPath, node: DriveNode, entry: LocalEntry) -> bool:
        if node.kind == NOTEBOOK:
            text = (await self.r.documents.ipynb(self.mount.user_id, node.item_id)).encode()
            return entry.size == len(text) and await self._same(path, text)
        if entry.size != node.size:
            return False
        blob = self.r.drive.blobs.path(node.version)
        drive_side = await asyncio.to_thread(_digest, _read_blob(blob))
        local_side = _Digest()
        try:
            await self._in_parent(
                path,
                lambda fd, name: localfs.read_into(
                    fd, name, self.mount.owner, node.size, local_side
                ),
            )
        except Refused:
            return False
        return local_side.hash.digest() == drive_side

    # -- Drive to the directory -----------------------------------------------------------

    async def _pull(self, path: RelPath, node: DriveNode, entry: LocalEntry | None) -> None:
        mount = self.mount
        if node.kind == FOLDER:
            made = await self._in_parent(
                path,
                lambda fd, name: localfs.make_dir(fd, name, mount.owner, readonly=mount.readonly),
            )
            mount.state[path] = Synced(node.item_id, node.version, made.sig)
            return
        chunks: Callable[[], Iterable[bytes]]
        if node.kind == NOTEBOOK:
            text = (await self.r.documents.ipynb(mount.user_id, node.item_id)).encode()
            if entry is not None and entry.size == len(text) and await self._same(path, text):
                mount.state[path] = Synced(node.item_id, node.version, entry.sig)
                return
            size, chunks = len(text), lambda: [text]
        else:
            blob = self.r.drive.blobs.path(node.version)
            size, chunks = node.size, lambda: _read_blob(blob)
        if self.local_bytes + size > mount.max_bytes:
            raise Refused("not copied: the runtime's disk has no room for it.")

        def write(fd: int, name: str) -> LocalEntry:
            if localfs.free_bytes(fd) < size:
                raise Refused("not copied: the runtime's disk is full.")
            return localfs.write_file(fd, name, chunks(), mount.owner, readonly=mount.readonly)

        written = await self._in_parent(path, write)
        self.local_bytes += size
        mount.state[path] = Synced(node.item_id, node.version, written.sig)

    async def _same(self, path: RelPath, data: bytes) -> bool:
        buffer = io.BytesIO()
        try:
            await self._in_parent(
                path,
                lambda fd, name: localfs.read_into(fd, name, self.mount.owner, len(data), buffer),
            )
        except Refused:
            return False
        return buffer.getvalue() == data

    # -- the directory to Drive -----------------------------------------------------------

    def _parent_id(self, path: RelPath) -> str | None:
        if len(path) == 1:
            return None
        parent = self.ids.get(path[:-1])
        if parent is None:
            raise Refused("its folder is not in Drive (yet).")
        return parent

    async def _push(self, path: RelPath, entry: LocalEntry, node: DriveNode | None) -> None:
        mount, name = self.mount, path[-1]
        parent = self._parent_id(path)
        if entry.kind == "dir":
            created = await self.r.drive.create_folder(mount.user_id, name, parent)
            self.ids[path] = created.item.id
            mount.state[path] = Synced(created.item.id, "", entry.sig)
            return
        is_notebook = node.kind == NOTEBOOK if node else name.lower().endswith(".ipynb")
        limit = self.r.drive.max_notebook_bytes if is_notebook else self.r.max_file_bytes
        key = self.r.drive.blobs.new_partial()
        partial = self.r.drive.blobs.partial_path(key)

        def read(fd: int, name: str) -> LocalEntry:
            with partial.open("wb") as out:
                return localfs.read_into(fd, name, mount.owner, limit, out)

        try:
            seen = await self._in_parent(path, read)
            if is_notebook:
                await self._push_notebook(path, seen, partial, node)
            else:
                self.r.drive.blobs.commit(key)
        except BaseException:
            self.r.drive.blobs.delete(key)
            raise
        if is_notebook:
            self.r.drive.blobs.delete(key)
            return
        if node is not None:
            done = await self.r.drive.replace_file(mount.user_id, node.item_id, key)
        else:
            kind = mimetypes.guess_type(name)[0]
            done = await self.r.drive.add_upload(mount.user_id, parent, name, key, kind)
        self.ids[path] = done.item.id
        mount.state[path] = Synced(done.item.id, key, seen.sig)

    async def _push_notebook(
        self, path: RelPath, seen: LocalEntry, partial: Path, node: DriveNode | None
    ) -> None:
        mount = self.mount
        data = await asyncio.to_thread(partial.read_bytes)
        try:
            parsed = parse_notebook(data)
        except ServiceError:
            mount.rejected[path] = seen.sig
            raise
        if node is not None:  # the live document takes the change: nothing forks
            nb = load_notebook_json(parsed.content)
            await self.r.documents.replace(mount.user_id, node.item_id, nb)
            mount.state[path] = Synced(node.item_id, "", seen.sig)
            return
        blob = await self.r.drive.blobs.put(parsed.content)
        added = await self.r.drive.add_upload(
            mount.user_id, self._parent_id(path), path[-1], blob, None
        )
        await self.r.documents.create(mount.user_id, added.item.id)
        self.ids[path] = added.item.id
        mount.state[path] = Synced(added.item.id, "", seen.sig)


def _read_blob(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(BLOB_CHUNK):
            yield chunk


class _Digest(io.BytesIO):
    """A sink that keeps only the SHA-256 of what is written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.hash = hashlib.sha256()

    def write(self, data: object) -> int:
        view = memoryview(data)  # type: ignore[arg-type]
        self.hash.update(view)
        return view.nbytes


def _digest(chunks: Iterable[bytes]) -> bytes:
    hashed = hashlib.sha256()
    for chunk in chunks:
        hashed.update(chunk)
    return hashed.digest()
