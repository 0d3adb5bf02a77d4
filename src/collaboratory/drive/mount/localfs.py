"""The mounted Drive's directory inside a runtime's ``/content``, as the server touches it.

Sandboxed code controls that directory while the server, root, reads and writes it. So no
link is ever followed: every directory is opened one component at a time with ``O_NOFOLLOW``
from a descriptor, files are opened with ``O_NOFOLLOW | O_NONBLOCK`` (a planted FIFO cannot
hang a read) and must be regular files owned by the sandbox's user (a hard link to someone
else's file is not theirs), links and special files are reported and left alone, and writes
land in a fresh file made with ``O_EXCL`` in the opened directory and are renamed over the
name (a rename replaces a link, never what it points at). Everything here blocks.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, Literal

RelPath = tuple[str, ...]
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
TEMP_PREFIX = ".collaboratory-drive-"
MAX_DEPTH = 64
MAX_ENTRIES = 100_000
COPY_CHUNK = 1024 * 1024


class Refused(Exception):
    """What the sync leaves alone, with why, for the person who mounted."""


@dataclass(frozen=True)
class LocalEntry:
    kind: Literal["dir", "file"]
    ino: int
    size: int
    mtime_ns: int

    @property
    def sig(self) -> tuple[int, int, int]:
        """What changes when the entry's content changes (a folder: only being replaced)."""
        if self.kind == "dir":
            return (self.ino, 0, 0)
        return (self.ino, self.size, self.mtime_ns)


def entry_of(st: os.stat_result) -> LocalEntry:
    kind: Literal["dir", "file"] = "dir" if stat.S_ISDIR(st.st_mode) else "file"
    return LocalEntry(kind, st.st_ino, st.st_size if kind == "file" else 0, st.st_mtime_ns)


@dataclass(frozen=True)
class Owner:
    """Whom new entries belong to, and the only owner whose files are imported."""

    uid: int
    gid: int
    chown: bool  # only root can give files away


def owner_of(fd: int) -> Owner:
    """The owner of ``/content`` (the kernel's user): new files are theirs when we are root."""
    st = os.fstat(fd)
    return Owner(st.st_uid, st.st_gid, os.geteuid() == 0)


def open_root(parts: Iterable[str], start: str) -> int:
    """A descriptor of ``start/parts...`` (start is the server's own path), no link followed."""
    fd = os.open(start, DIR_FLAGS)
    try:
        for part in parts:
            inner = os.open(part, DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextlib.contextmanager
def opened(root_fd: int, parts: RelPath) -> Iterator[int]:
    """The directory ``parts`` under ``root_fd``, opened component by component."""
    fd = os.dup(root_fd)
    try:
        for part in parts:
            inner = os.open(part, DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


NameCheck = Callable[[str], bool]


@dataclass
class Scan:
    entries: dict[RelPath, LocalEntry]
    problems: list[str]  # what is left alone, and why
    refused: set[RelPath]  # links, special files, foreign files: neither synced nor deleted


def scan(root_fd: int, owner: Owner, valid_name: NameCheck) -> Scan:
    """Every folder and file under ``root_fd``, never following a link."""
    found = Scan({}, [], set())
    _scan_into(root_fd, (), owner, valid_name, found)
    return found


def _scan_into(
    fd: int,
    at: RelPath,
    owner: Owner,
    valid_name: NameCheck,
    found: Scan,
) -> None:
    with os.scandir(fd) as it:
        names = sorted(e.name for e in it)
    for name in names:
        if name.startswith(TEMP_PREFIX):
            continue
        path = (*at, name)
        if len(found.entries) >= MAX_ENTRIES:
            found.problems.append(f"More than {MAX_ENTRIES} entries: the rest are not synced.")
            found.refused.add(path)
            continue
        try:
            st = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            continue
        why = _refusal(st, owner, name, valid_name)
        if why is not None:
            found.problems.append(f"{'/'.join(path)} {why}")
            found.refused.add(path)
            continue
        found.entries[path] = entry_of(st)
        if not stat.S_ISDIR(st.st_mode):
            continue
        if len(path) >= MAX_DEPTH:
            found.problems.append(f"{'/'.join(path)} is nested too deeply: not synced inside.")
            found.refused.add(path)
            continue
        try:
            inner = os.open(name, DIR_FLAGS, dir_fd=fd)
        except OSError:  # replaced meanwhile: the next round sees what it became
            del found.entries[path]
            found.refused.add(path)
            continue
        try:
            _scan_into(inner, path, owner, valid_name, found)
        finally:
            os.close(inner)


def _refusal(st: os.stat_result, owner: Owner, name: str, valid_name: NameCheck) -> str | None:
    if stat.S_ISLNK(st.st_mode):
        return "is a link: links are not copied to Drive."
    if not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
        return "is not a regular file or folder: not copied to Drive."
    if owner.chown and st.st_uid != owner.uid:
        return "is not the runtime user's own file: not copied to Drive."
    if not valid_name(name):
        return "has a name Drive cannot hold: rename it."
    return None


def read_into(dir_fd: int, name: str, owner: Owner, max_bytes: int, dest: BinaryIO) -> LocalEntry:
    """Copy the regular file ``name`` into ``dest``; its entry as it was when opened."""
    try:
        fd = os.open(name, READ_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        raise Refused(f"{name} cannot be read ({exc.strerror}).") from None
    with os.fdopen(fd, "rb", closefd=True) as source:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"{name} is not a regular file.")
        if owner.chown and st.st_uid != owner.uid:
            raise Refused(f"{name} is not the runtime user's own file.")
        if st.st_size > max_bytes:
            raise Refused(f"{name} is {st.st_size} bytes; Drive takes files up to {max_bytes}.")
        os.set_blocking(fd, True)
        copied = 0
        while chunk := source.read(COPY_CHUNK):
            copied += len(chunk)
            if copied > max_bytes:
                raise Refused(f"{name} grew past {max_bytes} bytes while it was read.")
            dest.write(chunk)
    return entry_of(st)


def write_file(
    dir_fd: int, name: str, chunks: Iterable[bytes], owner: Owner, *, readonly: bool
) -> LocalEntry:
    """Give ``name`` these bytes: a new file renamed over whatever is there (not a folder)."""
    temp = f"{TEMP_PREFIX}{secrets.token_hex(8)}.tmp"
    fd = os.open(temp, WRITE_FLAGS, 0o600, dir_fd=dir_fd)
    try:
        with os.fdopen(fd, "wb", closefd=True) as out:
            _give(fd, owner, 0o444 if readonly else 0o644, readonly)
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            entry = entry_of(os.fstat(fd))
        if _is_dir(dir_fd, name):
            raise IsADirectoryError(name)
        os.rename(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=dir_fd)
        raise
    return entry


def make_dir(dir_fd: int, name: str, owner: Owner, *, readonly: bool) -> LocalEntry:
    """A new folder ``name`` (an existing folder is kept), no link followed."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o700, dir_fd=dir_fd)
    fd = os.open(name, DIR_FLAGS, dir_fd=dir_fd)
    try:
        _give(fd, owner, 0o555 if readonly else 0o755, readonly)
        return entry_of(os.fstat(fd))
    finally:
        os.close(fd)


def _give(fd: int, owner: Owner, mode: int, readonly: bool) -> None:
    """A read-write mount's entries are the runtime user's; a read-only one's stay root's."""
    if owner.chown and not readonly:
        os.fchown(fd, owner.uid, owner.gid)
    os.fchmod(fd, mode)


def remove(dir_fd: int, name: str) -> None:
    """Delete a file or a whole folder (links inside are removed, never followed)."""
    try:
        if _is_dir(dir_fd, name):
            shutil.rmtree(name, dir_fd=dir_fd)
        else:
            os.unlink(name, dir_fd=dir_fd)
    except FileNotFoundError:
        pass


def _is_dir(dir_fd: int, name: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False


def lookup(dir_fd: int, name: str) -> LocalEntry | None:
    """The entry ``name`` as it is now (a link or special file: None)."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode):
        return entry_of(st)
    return None


def free_bytes(dir_fd: int) -> int:
    st = os.fstatvfs(dir_fd)
    return st.f_bavail * st.f_frsize
