"""``drive.mount`` and ``drive.flush_and_unmount`` for the cells of a runtime's owner.

A mount copies the owner's Drive into ``<mountpoint>/MyDrive`` in the runtime's ``/content``,
then reconciles both ways every few seconds while the runtime lives, and once more at each
``drive.mount`` call and at ``flush_and_unmount`` (after which the folder is removed, as a
FUSE unmount leaves an empty mount point). The request comes from a cell over the kernel's
own channel, and the runtime is its owner's, so no consent is asked. One mount per runtime.
After a server restart, a ``drive.mount`` at the same place takes the folder the mount left
behind back (its marker says it is ours) and merges it with Drive, deleting nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import stat
from pathlib import Path
from typing import Any

from collaboratory.drive.mount import localfs
from collaboratory.drive.mount.leftover import Leftover, MountMarkers
from collaboratory.drive.mount.localfs import RelPath
from collaboratory.drive.mount.plan import Synced
from collaboratory.drive.mount.sync import MY_DRIVE, MountedDrive, MountGone, Reconciler
from collaboratory.errors import BadRequest
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.runtimes.runtime import Runtime

log = logging.getLogger(__name__)
SYNC_SECONDS = 2.0
MiB = 1024 * 1024
MOUNT, UNMOUNT = "drive_mount", "drive_unmount"
REQUESTS = (MOUNT, UNMOUNT)


class MountpointError(BadRequest):
    """Colab's ValueError about the mount point (the in-runtime library raises it as such)."""


def mountpoint_parts(mountpoint: object) -> tuple[str, ...]:
    """``/content/a/b`` -> ``("a", "b")``; only a plain path inside /content."""
    if not isinstance(mountpoint, str) or " " in mountpoint or "\0" in mountpoint:
        raise MountpointError("Mountpoint must not contain a space.")
    if not mountpoint.startswith("/content/"):
        raise MountpointError(f"Mountpoint must be in /content, not {mountpoint}")
    parts = tuple(p for p in mountpoint[len("/content/") :].split("/") if p not in ("", "."))
    if not parts or ".." in parts or any(len(p.encode()) > 255 for p in parts):
        raise MountpointError(f"Mountpoint must be in /content, not {mountpoint}")
    return parts


class DriveMounts:
    def __init__(
        self,
        reconciler: Reconciler,
        runtimes: RuntimeManager,
        every: float = SYNC_SECONDS,
        markers: MountMarkers | None = None,
    ) -> None:
        self.reconciler = reconciler
        self.runtimes = runtimes
        self.every = every
        self.markers = markers
        self._mounts: dict[str, MountedDrive] = {}  # by runtime id
        self._saved: dict[str, dict[RelPath, Synced]] = {}  # the state in each marker

    def mounted(self, runtime: Runtime) -> MountedDrive | None:
        return self._mounts.get(runtime.id)

    async def request(self, runtime: Runtime | None, request_type: str, body: Any) -> Any:
        """google.colab's ``drive_mount`` / ``drive_unmount`` from a cell of ``runtime``."""
        if runtime is None or runtime.kernel is None:
            raise BadRequest("This notebook has no running runtime to mount Drive in.")
        options = body if isinstance(body, dict) else {}
        try:
            if request_type == MOUNT:
                return await self.mount(
                    runtime,
                    options.get("mountpoint"),
                    force_remount=bool(options.get("force_remount")),
                    readonly=bool(options.get("readonly")),
                )
            return await self.unmount(runtime)
        except MountpointError as exc:
            return {"value_error": exc.message}

    async def mount(
        self, runtime: Runtime, mountpoint: object, *, force_remount: bool, readonly: bool
    ) -> dict[str, Any]:
        parts = mountpoint_parts(mountpoint)
        current = self._mounts.get(runtime.id)
        if current is not None and current.mountpoint == parts and not force_remount:
            await self._round(current, runtime)
            return {"already": True, "problems": current.problems}
        if current is not None:
            await self.unmount(runtime)
        assert runtime.kernel is not None
        root = runtime.kernel.files_root()
        if root is None:
            raise BadRequest("This runtime's files are not on this server: Drive cannot mount.")
        limit = runtime.runtime_type.disk_mb * MiB
        leftover = self._leftover(runtime, parts)
        mount = await asyncio.to_thread(_prepare, runtime, root, parts, readonly, limit, leftover)
        self._mounts[runtime.id] = mount
        try:
            if self.markers is not None:  # a fresh mount's state is known after its round
                known = dict(mount.state) if leftover is not None and not mount.merge else None
                marker = Leftover(runtime.user_id, parts, mount.root_ino, readonly, known)
                await asyncio.to_thread(self.markers.write, runtime.id, marker)
            await self._round(mount, runtime)
            if leftover is not None:  # what the merge set aside reaches the other side too
                await self._round(mount, runtime)
        except BaseException:
            # A folder taken back stays, with its marker, for the next try.
            taken_back = leftover is not None and mount.root_ino == leftover.root_ino
            await self._drop(mount, remove=not taken_back, forget=not taken_back)
            raise
        mount.task = asyncio.create_task(self._keep_in_sync(mount, runtime))
        return {"mounted": mount.shown, "problems": mount.problems, "kept_both": mount.kept_both}

    def _leftover(self, runtime: Runtime, parts: tuple[str, ...]) -> Leftover | None:
        """This runtime's mount at ``parts`` from before the server restarted, if any."""
        found = self.markers.read(runtime.id) if self.markers is not None else None
        if found is None or found.user_id != runtime.user_id or found.mountpoint != parts:
            return None
        return found

    async def unmount(self, runtime: Runtime) -> dict[str, Any]:
        mount = self._mounts.get(runtime.id)
        if mount is None:
            return {"mounted": False}
        with contextlib.suppress(MountGone):
            await self._round(mount, runtime)  # flush what the cells wrote
        problems = mount.problems
        await self._drop(mount, remove=True)
        return {"unmounted": mount.shown, "problems": problems}

    async def _round(self, mount: MountedDrive, runtime: Runtime) -> None:
        async def alive() -> bool:
            kernel = runtime.kernel
            return not runtime.dead and kernel is not None and await kernel.is_alive()

        await self.reconciler.reconcile(mount, alive)
        await self._save_state(mount)

    async def _save_state(self, mount: MountedDrive) -> None:
        """Into the marker, when a round changed it: a restart then resumes from it."""
        if self.markers is None or mount.merge or self._saved.get(mount.runtime_id) == mount.state:
            return
        state = dict(mount.state)
        marker = Leftover(mount.user_id, mount.mountpoint, mount.root_ino, mount.readonly, state)
        await asyncio.to_thread(self.markers.write, mount.runtime_id, marker)
        self._saved[mount.runtime_id] = state

    async def _keep_in_sync(self, mount: MountedDrive, runtime: Runtime) -> None:
        while True:
            await asyncio.sleep(self.every)
            if runtime not in self.runtimes.all():  # deleted: its files went with it
                await self._drop(mount, remove=False, cancel=False)
                return
            try:
                await self._round(mount, runtime)
            except MountGone:
                await self._drop(mount, remove=False, cancel=False)
                return
            except Exception:
                log.exception("syncing the Drive mounted in runtime %s failed", runtime.id)

    async def _drop(
        self, mount: MountedDrive, *, remove: bool, cancel: bool = True, forget: bool = True
    ) -> None:
        if self._mounts.get(mount.runtime_id) is mount:
            del self._mounts[mount.runtime_id]
            self._saved.pop(mount.runtime_id, None)
            if forget and self.markers is not None:
                await asyncio.to_thread(self.markers.remove, mount.runtime_id)
        task = mount.task
        if cancel and task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if remove:
            async with mount.lock:
                await asyncio.to_thread(_remove_folder, mount)

    async def close(self) -> None:
        """The server stops: the folders and their markers stay, for a remount after it."""
        for mount in list(self._mounts.values()):
            await self._drop(mount, remove=False, forget=False)


def _prepare(
    runtime: Runtime,
    root: Path,
    parts: tuple[str, ...],
    readonly: bool,
    limit: int,
    leftover: Leftover | None = None,
) -> MountedDrive:
    """Colab's checks of the mount point, then an empty ``MyDrive`` in it (or the one a mount
    left behind at a server restart, taken back to be merged)."""
    shown = "/".join(("/content", *parts))
    try:
        parent_fd = localfs.open_root(parts[:-1], str(root))
    except OSError:
        raise MountpointError("Mountpoint must be in a directory that exists") from None
    try:
        owner = localfs.owner_of(parent_fd)
        name = parts[-1]
        try:
            st: os.stat_result | None = os.stat(name, dir_fd=parent_fd, follow_symlinks=False)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISLNK(st.st_mode):
            raise MountpointError("Mountpoint must not be a symlink")
        if st is not None and not stat.S_ISDIR(st.st_mode):
            raise MountpointError("Mountpoint must either be a directory or not exist")
        if st is None:
            os.mkdir(name, 0o755, dir_fd=parent_fd)
            if owner.chown:
                os.chown(name, owner.uid, owner.gid, dir_fd=parent_fd, follow_symlinks=False)
        with localfs.opened(parent_fd, (name,)) as fd:
            left = _take_back(fd, leftover, readonly) if leftover is not None else None
            if leftover is not None and left is not None:
                known = leftover.state
                return MountedDrive(
                    *(runtime.user_id, runtime.id, root, parts, readonly, limit, owner, left),
                    state=dict(known) if known is not None else {},
                    merge=known is None,
                    resumed=known is not None,
                )
            if os.listdir(fd):
                raise MountpointError("Mountpoint must not already contain files")
            made = localfs.make_dir(fd, MY_DRIVE, owner, readonly=readonly)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise MountpointError("Mountpoint must not be a symlink") from None
        raise BadRequest(f"mount failed: {shown} ({exc.strerror})") from None
    finally:
        os.close(parent_fd)
    return MountedDrive(runtime.user_id, runtime.id, root, parts, readonly, limit, owner, made.ino)


def _take_back(fd: int, leftover: Leftover, readonly: bool) -> int | None:
    """The inode of the ``MyDrive`` a mount left behind in the mount point ``fd``, to merge;
    None when there is none (a read-only one is removed: nothing in it is the user's)."""
    if os.listdir(fd) != [MY_DRIVE]:
        return None
    st = os.stat(MY_DRIVE, dir_fd=fd, follow_symlinks=False)
    if not stat.S_ISDIR(st.st_mode) or st.st_ino != leftover.root_ino:
        return None
    if leftover.readonly:
        localfs.remove(fd, MY_DRIVE)
        return None
    if readonly:
        raise MountpointError(
            "Mountpoint holds the files of a mount from before the server restarted: mount it "
            "read-write once (drive.mount(...)) so they reach Drive, or remove it first"
        )
    return st.st_ino


def _remove_folder(mount: MountedDrive) -> None:
    """Unmounted: the mount point is left empty, as after Colab's unmount."""
    try:
        fd = localfs.open_root(mount.mountpoint, str(mount.files_root))
    except OSError:
        return
    try:
        st = os.stat(MY_DRIVE, dir_fd=fd, follow_symlinks=False)
        if st.st_ino == mount.root_ino:
            localfs.remove(fd, MY_DRIVE)
    except FileNotFoundError:
        pass
    finally:
        os.close(fd)
