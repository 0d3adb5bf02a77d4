"""A runtime's ``/content`` as the Files side panel sees it: list, read, place, delete, mkdir.

Paths are relative to ``/content``. Untrusted code writes that directory, so links are resolved
here the way the sandbox sees them (``/content/x`` means ``<root>/x``) and refused when they lead
out; the resolved path is then walked with directory descriptors and ``O_NOFOLLOW``, so a link
swapped in meanwhile fails instead of leading the server elsewhere. Everything here blocks:
callers run it in a thread.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Literal

from collaboratory.errors import BadRequest, Conflict, NotFound

SANDBOX_ROOT = "/content"
HIDDEN_AT_TOP = frozenset({".packages"})  # the pip target directory
MAX_LINK_HOPS = 40
MAX_NAME_BYTES = 255
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class BadPath(BadRequest):
    code = "bad_path"


@dataclass(frozen=True)
class FileEntry:
    name: str
    path: str
    kind: Literal["file", "directory"]
    size: int
    modified: datetime


@dataclass
class OpenedFile:
    name: str
    size: int
    file: BinaryIO


def split_path(path: str) -> list[str]:
    """The parts of a path relative to /content; refuses what could point elsewhere."""
    if "\0" in path:
        raise BadPath("A path cannot contain a NUL character.")
    if path.startswith("/"):
        raise BadPath(f"Paths are relative to {SANDBOX_ROOT}: write 'a/b', not '/a/b'.")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise BadPath("A path cannot contain '..': name a place inside /content.")
    return parts


def check_name(name: str) -> str:
    """A single file or folder name, as an upload or a new folder carries it."""
    if name in ("", ".", "..") or "/" in name or "\0" in name:
        raise BadPath(f"{name!r} is not a valid file name.")
    if len(name.encode()) > MAX_NAME_BYTES:
        raise BadPath(f"A file name can have at most {MAX_NAME_BYTES} bytes.")
    return name


class RuntimeFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    # -- resolving ----------------------------------------------------------------------

    def _resolve(self, parts: Sequence[str]) -> list[str]:
        """``parts`` with every link replaced by its target, as seen from inside the sandbox."""
        shown = "/".join(parts)
        pending, done, hops = list(parts), list[str](), 0
        while pending:
            part = pending.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                if not done:
                    raise BadPath(f"{shown} is a link that leads outside /content.")
                done.pop()
                continue
            try:
                target = os.readlink(self.root.joinpath(*done, part))
            except OSError:  # not a link (or not there: the walk reports that)
                done.append(part)
                continue
            hops += 1
            if hops > MAX_LINK_HOPS:
                raise BadPath(f"{shown} goes through too many links.")
            if target.startswith("/"):
                if target != SANDBOX_ROOT and not target.startswith(SANDBOX_ROOT + "/"):
                    raise BadPath(f"{shown} is a link that leads outside /content.")
                done, target = [], target[len(SANDBOX_ROOT) :]
            pending[:0] = target.split("/")
        return done

    @contextmanager
    def _directory(self, parts: Sequence[str]) -> Iterator[int]:
        """A descriptor of the link-free directory ``parts``, opened one level at a time."""
        shown = "/".join(parts) or "/content"
        fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            with _errors(shown):
                for part in parts:
                    inner = os.open(part, _DIR_FLAGS, dir_fd=fd)
                    os.close(fd)
                    fd = inner
            yield fd
        finally:
            os.close(fd)

    def _owner(self) -> tuple[int, int] | None:
        """Whom new files belong to: the owner of /content (the kernel's user) when we are root."""
        if os.geteuid() != 0:
            return None
        st = self.root.stat()
        return st.st_uid, st.st_gid

    # -- operations ---------------------------------------------------------------------

    def list_directory(self, path: str) -> list[FileEntry]:
        shown = split_path(path)
        real = self._resolve(shown)
        entries = []
        with self._directory(real) as fd, _errors("/".join(shown)), os.scandir(fd) as it:
            for item in it:
                if not real and item.name in HIDDEN_AT_TOP:
                    continue
                with suppress(FileNotFoundError):  # deleted since the directory was read
                    entries.append(self._entry([*shown, item.name], [*real, item.name], fd))
        return sorted(entries, key=lambda e: (e.kind != "directory", e.name.casefold()))

    def _entry(self, shown: list[str], real: list[str], dir_fd: int) -> FileEntry:
        st = os.stat(real[-1], dir_fd=dir_fd, follow_symlinks=False)
        if stat.S_ISLNK(st.st_mode):  # describe what it leads to, when that is in /content
            with suppress(OSError, BadPath):
                st = os.stat(self.root.joinpath(*self._resolve(real)), follow_symlinks=False)
        kind: Literal["file", "directory"] = "directory" if stat.S_ISDIR(st.st_mode) else "file"
        return FileEntry(
            name=shown[-1],
            path="/".join(shown),
            kind=kind,
            size=st.st_size if kind == "file" else 0,
            modified=datetime.fromtimestamp(st.st_mtime, UTC),
        )

    def open(self, path: str) -> OpenedFile:
        shown = split_path(path)
        real = self._resolve(shown)
        if not real:
            raise BadRequest("/content is a folder: download files one at a time.")
        with self._directory(real[:-1]) as dir_fd, _errors("/".join(shown)):
            # Non-blocking, so that a FIFO planted in /content cannot hang the server.
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
            fd = os.open(real[-1], flags, dir_fd=dir_fd)
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            os.close(fd)
            what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise BadRequest(f"{'/'.join(shown)} is {what}: only files can be downloaded.")
        os.set_blocking(fd, True)
        return OpenedFile(shown[-1], st.st_size, os.fdopen(fd, "rb"))

    def place(self, directory: str, name: str, source: Path) -> FileEntry:
        """Move a fully received upload (on the same file system) into ``directory``."""
        shown = [*split_path(directory), check_name(name)]
        parent = self._resolve(shown[:-1])
        with self._directory(parent) as fd, _errors("/".join(shown)):
            if _is_directory(name, fd):
                raise Conflict(f"A folder named {name} is already there.", code="exists")
            os.chmod(source, 0o644)
            if (owner := self._owner()) is not None:
                os.chown(source, *owner)
            os.replace(source, name, dst_dir_fd=fd)
            return self._entry(shown, [*parent, name], fd)

    def make_directory(self, path: str) -> FileEntry:
        shown = split_path(path)
        if not shown:
            raise BadPath("Name the new folder.")
        name = check_name(shown[-1])
        parent = self._resolve(shown[:-1])
        with self._directory(parent) as fd, _errors("/".join(shown)):
            try:
                os.mkdir(name, 0o755, dir_fd=fd)
            except FileExistsError:
                raise Conflict(f"{'/'.join(shown)} already exists.", code="exists") from None
            if (owner := self._owner()) is not None:
                os.chown(name, *owner, dir_fd=fd, follow_symlinks=False)
            return self._entry(shown, [*parent, name], fd)

    def delete(self, path: str) -> None:
        """Delete a file, a link (not what it leads to) or a folder with all it holds."""
        shown = split_path(path)
        if not shown:
            raise BadPath("/content itself cannot be deleted; delete what is in it.")
        name = shown[-1]
        with self._directory(self._resolve(shown[:-1])) as fd, _errors("/".join(shown)):
            if _is_directory(name, fd):
                shutil.rmtree(name, dir_fd=fd)
            else:
                os.unlink(name, dir_fd=fd)


def _is_directory(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False


@contextmanager
def _errors(shown: str) -> Iterator[None]:
    """File system errors as answers a person can act on."""
    try:
        yield
    except FileNotFoundError:
        raise NotFound(f"There is no {shown} in /content.") from None
    except NotADirectoryError:
        raise BadRequest(f"{shown} is not a folder.", code="not_a_directory") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise BadPath(f"{shown} is a link, which cannot be followed here.") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise BadRequest(f"{shown} cannot be accessed.", code="forbidden_path") from None
        if exc.errno == errno.ENOSPC:
            raise Conflict("The runtime's disk is full.", code="disk_full") from None
        raise
