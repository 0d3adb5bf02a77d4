"""The disk quota of a runtime: an ext4 image of disk_mb mounted at its directory."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from collaboratory.config import load_settings
from collaboratory.runtimes.local import LocalBackend
from collaboratory.runtimes.sandbox.disk import DiskQuota, DiskQuotaError
from collaboratory.runtimes.sandbox.identity import NOBODY

MiB = 1024 * 1024
needs_loop = pytest.mark.skipif(
    not DiskQuota(Path("/nonexistent")).enforced, reason="no loop mounts here (needs root)"
)


class NoLoopDevices(DiskQuota):
    def _has_loop_devices(self) -> bool:
        return False


class NotRoot(DiskQuota):
    def _is_root(self) -> bool:
        return False


class BrokenMkfs(DiskQuota):
    def _mkfs(self) -> str | None:
        return "/bin/false"


def mount_options(path: Path) -> list[str]:
    for line in Path("/proc/self/mounts").read_text().splitlines():
        fields = line.split()
        if fields[1] == str(path):
            return fields[3].split(",")
    raise AssertionError(f"{path} is not mounted")


def fill(path: Path) -> int:
    """Write into ``path`` until the disk is full; the errno that stopped it.

    In 64 KiB pieces, as a copy does: a write fails whole when less than it is left."""
    chunk = b"x" * 65536
    with path.open("wb") as file:
        while True:
            try:
                file.write(chunk)
                file.flush()
            except OSError as exc:
                return exc.errno or 0


@needs_loop
def test_a_runtime_gets_its_own_disk_of_disk_mb(tmp_path: Path) -> None:
    quota = DiskQuota(tmp_path / "runtimes")
    assert quota.problem() is None and "ext4" in quota.describe()
    assert quota.create("r1", 32, NOBODY) is True
    directory = quota.directory("r1")
    try:
        assert quota.mounted("r1") and directory == tmp_path / "runtimes" / "r1"
        assert {"nosuid", "nodev"} <= set(mount_options(directory))
        image = quota.image("r1")
        assert image == tmp_path / "runtimes" / "r1.img" and image.stat().st_size == 32 * MiB
        assert image.stat().st_blocks * 512 < 8 * MiB  # sparse
        content, tmp = directory / "content", directory / "tmp"
        assert (content.stat().st_uid, content.stat().st_gid) == NOBODY
        assert tmp.stat().st_uid == NOBODY[0] and tmp.stat().st_mode & 0o7777 == 0o1777
        used, size = quota.usage("r1") or (0, 0)
        assert 0.85 * 32 * MiB < size <= 32 * MiB and used < MiB  # less the inode tables
        assert quota.create("r1", 32, NOBODY) is True  # already there: nothing to do

        assert fill(content / "big") == errno.ENOSPC
        used, size = quota.usage("r1") or (0, 0)
        assert used >= 0.99 * size
        assert fill(tmp / "more") == errno.ENOSPC  # /tmp shares the quota
        # the host disk is not the runtime's: the test's own directory is still writable
        (tmp_path / "still-writable").write_bytes(b"x" * MiB)
    finally:
        quota.remove("r1")
    assert not quota.mounted("r1") and not directory.exists() and not quota.image("r1").exists()
    assert quota.usage("r1") is None
    quota.remove("r1")  # twice is fine


@needs_loop
def test_a_busy_disk_is_unmounted_lazily_and_removed(tmp_path: Path) -> None:
    quota = DiskQuota(tmp_path / "runtimes")
    quota.create("busy", 16, None)
    held = (quota.directory("busy") / "content" / "open").open("w")
    try:
        quota.remove("busy")
        assert not quota.mounted("busy") and not quota.image("busy").exists()
        assert not quota.directory("busy").exists()
        held.write("still writable by whoever holds it")
    finally:
        held.close()


@needs_loop
def test_a_stale_image_from_before_a_reboot_is_replaced(tmp_path: Path) -> None:
    quota = DiskQuota(tmp_path / "runtimes")
    quota.root.mkdir()
    quota.image("r2").write_bytes(b"junk")
    (quota.directory("r2") / "content").mkdir(parents=True)
    try:
        assert quota.create("r2", 16, None)
        assert quota.mounted("r2") and quota.image("r2").stat().st_size == 16 * MiB
    finally:
        quota.remove("r2")


def test_leftovers_are_images_of_runtimes_not_kept(tmp_path: Path) -> None:
    quota = DiskQuota(tmp_path / "runtimes")
    assert quota.leftovers(set()) == []
    quota.root.mkdir()
    for name in ("a.img", "b.img", "c"):
        (quota.root / name).touch()
    assert quota.leftovers({"a"}) == ["b"]


@pytest.mark.parametrize(
    ("quota_class", "problem"),
    [(NoLoopDevices, "no loop devices"), (NotRoot, "not run as root")],
)
def test_without_loop_mounts_no_quota_and_status_says_so(
    tmp_path: Path, quota_class: type[DiskQuota], problem: str
) -> None:
    quota = quota_class(tmp_path / "runtimes")
    assert not quota.enforced
    assert problem in (quota.problem() or "")
    assert quota.describe().startswith("NOT enforced: ")
    assert quota.create("r3", 16, NOBODY) is False
    assert not quota.image("r3").exists() and not quota.mounted("r3")
    assert quota.usage("r3") is None
    quota.directory("r3").mkdir(parents=True)  # the runtime makes its directory itself
    quota.remove("r3")
    assert not quota.directory("r3").exists()


@needs_loop
def test_a_failing_mkfs_leaves_nothing_and_turns_the_quota_off(tmp_path: Path) -> None:
    quota = BrokenMkfs(tmp_path / "runtimes")
    assert quota.enforced
    with pytest.raises(DiskQuotaError, match="Could not mount"):
        quota.create("r4", 16, None)
    assert not quota.image("r4").exists() and not quota.directory("r4").exists()
    assert not quota.enforced and "failed" in quota.describe()
    assert quota.create("r5", 16, None) is False  # not tried again for every runtime


@needs_loop
async def test_the_backend_sweeps_disks_of_runtimes_that_are_gone(tmp_path: Path) -> None:
    backend = LocalBackend(load_settings(data_dir=tmp_path / "data"))
    for runtime_id in ("kept", "gone"):
        assert backend.disk.create(runtime_id, 16, None)
    try:
        await backend.sweep({"kept"})
        assert backend.disk.mounted("kept") and not backend.disk.mounted("gone")
        assert not backend.disk.image("gone").exists()
        assert not backend.disk.directory("gone").exists()
    finally:
        for runtime_id in ("kept", "gone"):
            backend.disk.remove(runtime_id)
