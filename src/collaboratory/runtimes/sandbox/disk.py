"""A disk quota per runtime: its directory is the mount point of an ext4 image of ``disk_mb``.

``<root>/<runtime_id>`` (which holds ``content/``, the runtime's ``/content``, and ``tmp/``, its
``/tmp``) becomes the mount point of a sparse ext4 image ``<root>/<runtime_id>.img`` of the
runtime type's ``disk_mb``. Whatever the kernel writes there (files, ``!pip install`` to
``/content/.packages``, temporary files) counts against it: past it, a write fails with ENOSPC
and the server's own data, on the host disk, stays writable. The image is sparse, so a runtime
takes only what it writes on the host disk.

It needs root, loop devices and ``mkfs.ext4``; where any of them is missing, runtimes run
without a quota and :meth:`DiskQuota.describe` says so for ``/api/status``. Blocking: call the
methods in a thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
from pathlib import Path

from collaboratory.runtimes.sandbox.identity import RunAs

log = logging.getLogger(__name__)
MiB = 1024 * 1024
CONTENT = "content"
TMP = "tmp"
LOOP_CONTROL = Path("/dev/loop-control")
# Options measured to make a 10 GiB image in about 10 ms: inode tables and the (absent)
# journal are not written in advance, and no blocks are held back for root.
MKFS_OPTIONS = ["-q", "-F", "-m", "0", "-E", "lazy_itable_init=1,lazy_journal_init=1"]
MKFS_FEATURES = ["-O", "^has_journal"]
# noinit_itable: the image is sparse, its inode tables read as zeroes already; zeroing them
# in the background would write some 160 MiB per 10 GiB runtime to the host disk.
MOUNT_OPTIONS = "loop,nosuid,nodev,noinit_itable"
COMMAND_TIMEOUT = 60.0
_SBIN = ("/usr/sbin", "/sbin")


class DiskQuotaError(RuntimeError):
    """The image could not be made or mounted."""


class DiskQuota:
    """Makes, mounts, measures and removes the ext4 image of each runtime under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._failed: str | None = None  # set when a mount failed although all looked ready

    # -- can it be done here --------------------------------------------------------------

    def problem(self) -> str | None:
        """Why no quota can be enforced on this machine; None when it can."""
        if self._failed is not None:
            return self._failed
        if not self._is_root():
            return "the server does not run as root, which loop mounts need"
        if not self._has_loop_devices():
            return f"no loop devices ({LOOP_CONTROL} is missing)"
        if self._mkfs() is None:
            return "mkfs.ext4 is not installed (e2fsprogs)"
        return None

    @property
    def enforced(self) -> bool:
        return self.problem() is None

    def describe(self) -> str:
        """One line for /api/status: whether the disk quota (disk_mb) is enforced, and how."""
        problem = self.problem()
        if problem is not None:
            return f"NOT enforced: {problem}; a runtime may fill the server's disk"
        return "ext4 image of disk_mb per runtime: /content, /tmp and pip installs"

    def _is_root(self) -> bool:
        return os.geteuid() == 0

    def _has_loop_devices(self) -> bool:
        return LOOP_CONTROL.exists()

    def _mkfs(self) -> str | None:
        path = os.pathsep.join([os.environ.get("PATH", ""), *_SBIN])
        return shutil.which("mkfs.ext4", path=path)

    # -- one runtime ----------------------------------------------------------------------

    def directory(self, runtime_id: str) -> Path:
        """The runtime's directory: the mount point, holding ``content/`` and ``tmp/``."""
        return self.root / runtime_id

    def image(self, runtime_id: str) -> Path:
        return self.root / f"{runtime_id}.img"

    def mounted(self, runtime_id: str) -> bool:
        return os.path.ismount(self.directory(runtime_id))

    def create(self, runtime_id: str, size_mb: int, owner: RunAs | None) -> bool:
        """Make and mount the runtime's image, with ``content/`` and ``tmp/`` owned by
        ``owner``; False (and nothing done) where no quota can be enforced here.

        Raises :class:`DiskQuotaError` when making or mounting the image fails; what it made
        is removed again."""
        if self.problem() is not None:
            return False
        directory, image = self.directory(runtime_id), self.image(runtime_id)
        if self.mounted(runtime_id):
            return True
        if image.exists():
            self.remove(runtime_id)  # left from before a reboot: never mounted, never used
        self.root.mkdir(parents=True, exist_ok=True, mode=0o711)
        try:
            with image.open("xb") as file:
                file.truncate(size_mb * MiB)  # sparse: nothing is written yet
            os.chmod(image, 0o600)
            mkfs = self._mkfs()
            assert mkfs is not None
            self._run([mkfs, *MKFS_OPTIONS, *MKFS_FEATURES, str(image)])
            directory.mkdir(mode=0o755, exist_ok=True)
            self._run(["mount", "-t", "ext4", "-o", MOUNT_OPTIONS, str(image), str(directory)])
        except (OSError, DiskQuotaError) as exc:
            with contextlib.suppress(OSError, DiskQuotaError):
                self.remove(runtime_id)
            if isinstance(exc, DiskQuotaError):
                # All looked ready, yet mkfs or mount failed: do not try again for every runtime.
                self._failed = f"making or mounting a runtime's disk image failed ({exc})"
                log.warning("Disk quota of runtimes is NOT enforced: %s", self._failed)
            raise DiskQuotaError(f"Could not mount the runtime's disk: {exc}") from exc
        os.chmod(directory, 0o755)
        content, tmp = directory / CONTENT, directory / TMP
        content.mkdir(mode=0o755, exist_ok=True)
        tmp.mkdir(exist_ok=True)
        os.chmod(tmp, 0o1777)  # as /tmp is
        if owner is not None:
            for path in (content, tmp):
                os.chown(path, *owner)
        return True

    def usage(self, runtime_id: str) -> tuple[int, int] | None:
        """Bytes used and the most that can be, when the runtime has a quota (else None).

        The most is what is used plus what is still available to write: less than
        ``disk_mb`` by the inode tables and the clusters ext4 keeps for its own metadata,
        so that a full disk is at its limit."""
        if not self.mounted(runtime_id):
            return None
        st = os.statvfs(self.directory(runtime_id))
        used = (st.f_blocks - st.f_bfree) * st.f_frsize
        return used, used + st.f_bavail * st.f_frsize

    def remove(self, runtime_id: str) -> None:
        """Unmount (lazily while something still holds it) and delete the image and the
        runtime's directory. Safe to call for a runtime without a quota, or twice."""
        directory = self.directory(runtime_id)
        if self.mounted(runtime_id):
            try:
                self._run(["umount", str(directory)])
            except DiskQuotaError:
                # busy: detach it now, the kernel frees it once the last file is closed
                self._run(["umount", "-l", str(directory)])
        if not self.mounted(runtime_id):
            shutil.rmtree(directory, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            self.image(runtime_id).unlink()

    def leftovers(self, keep: set[str]) -> list[str]:
        """Runtimes under ``root`` that have an image but are not in ``keep``."""
        if not self.root.is_dir():
            return []
        found = (p.name.removesuffix(".img") for p in self.root.glob("*.img"))
        return sorted(r for r in found if r not in keep)

    @staticmethod
    def _run(command: list[str]) -> None:
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DiskQuotaError(f"{command[0]}: {exc}") from exc
        if done.returncode != 0:
            message = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
            raise DiskQuotaError(f"{Path(command[0]).name}: {message}")
