"""Shows the kernel's user the host paths it could not walk to (a Python below /root, say).

Unprivileged bubblewrap resolves every bind source as the kernel's user, so a path below a
directory that user may not enter cannot be bound. When the server is root, the child that
becomes the sandbox first takes a private mount namespace and bind-mounts each path below a
fresh tmpfs that anyone may enter; bubblewrap binds them from there. The host's own mount
table is never touched, and the kernel's user gains no access to anything else.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import os
import tempfile
from collections.abc import Mapping, Sequence

_CLONE_NEWNS = 0x00020000
_MS_BIND = 0x1000
_MS_REC = 0x4000
_MS_PRIVATE = 1 << 18
_MS_NOSUID = 0x2
_MS_NODEV = 0x4

_libc = ctypes.CDLL(None, use_errno=True)


def stage_root() -> str:
    """An empty directory anyone may enter; the tmpfs goes over it in the child only."""
    path = _made_stage_root()
    if not os.path.isdir(path):  # a tidy-up of the temporary directory took it
        os.mkdir(path, 0o755)
        os.chmod(path, 0o755)
    return path


@functools.cache
def _made_stage_root() -> str:
    path = tempfile.mkdtemp(prefix="collaboratory-stage-")
    os.chmod(path, 0o755)
    atexit.register(_remove_empty, path)  # on the host it only ever stays empty
    return path


def _remove_empty(path: str) -> None:
    with contextlib.suppress(OSError):
        os.rmdir(path)


def staged_sources(paths: Sequence[str]) -> dict[str, str]:
    """Host path -> where the sandbox's user finds it once :func:`enter_staging` ran."""
    root = stage_root()
    return {path: f"{root}/{index}" for index, path in enumerate(dict.fromkeys(paths))}


def enter_staging(sources: Mapping[str, str]) -> None:
    """Runs in the forked child, as root, before the switch to the kernel's user."""
    if not sources:
        return
    _check(_libc.unshare(_CLONE_NEWNS), "unshare")
    _mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE)
    _mount(b"tmpfs", stage_root().encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, b"mode=0755")
    for host, staged in sources.items():
        if os.path.isdir(host):
            os.mkdir(staged)
        else:
            os.close(os.open(staged, os.O_CREAT | os.O_WRONLY, 0o600))
        _mount(host.encode(), staged.encode(), None, _MS_BIND | _MS_REC)


def _mount(
    source: bytes, target: bytes, fstype: bytes | None, flags: int, data: bytes | None = None
) -> None:
    _check(_libc.mount(source, target, fstype, flags, data), f"mount {target.decode()}")


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")
