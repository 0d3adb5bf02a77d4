"""The server's side of the mounted folder follows no link planted by the runtime's code: not in
a path, not as a file to read, not as a file to replace; FIFOs, devices and files of other
owners (a hard link to a host file) are never read."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from collaboratory.drive.mount import localfs
from collaboratory.drive.mount.localfs import Owner, Refused
from collaboratory.drive.mount.sync import drive_name

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="the server runs as root to own files")
SANDBOX = Owner(65534, 65534, chown=os.geteuid() == 0)


def give(path: Path) -> None:
    if SANDBOX.chown:
        os.chown(path, SANDBOX.uid, SANDBOX.gid, follow_symlinks=False)


@pytest.fixture
def mount(tmp_path: Path) -> Path:
    root = tmp_path / "content" / "drive" / "MyDrive"
    root.mkdir(parents=True)
    for path in (root, root.parent, root.parent.parent):
        give(path)
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    host = tmp_path / "host"
    host.mkdir()
    (host / "secret").write_text("host only")
    return host


def test_scan_refuses_links_fifos_and_names_drive_cannot_hold(mount: Path, outside: Path) -> None:
    (mount / "ok.txt").write_text("fine")
    give(mount / "ok.txt")
    (mount / "shadow").symlink_to("/etc/shadow")
    (mount / "dir-link").symlink_to(outside)
    os.mkfifo(mount / "pipe")
    (mount / "bad\nname").write_text("x")
    give(mount / "bad\nname")
    fd = localfs.open_root((), str(mount))
    try:
        found = localfs.scan(fd, SANDBOX, drive_name)
    finally:
        os.close(fd)
    assert set(found.entries) == {("ok.txt",)}
    assert found.refused == {("shadow",), ("dir-link",), ("pipe",), ("bad\nname",)}
    assert any("shadow is a link" in p for p in found.problems)


@as_root
def test_a_file_of_another_owner_is_not_read(mount: Path, outside: Path) -> None:
    os.link(outside / "secret", mount / "hard")  # root's file, as a hard link would be
    fd = localfs.open_root((), str(mount))
    try:
        assert localfs.scan(fd, SANDBOX, drive_name).refused == {("hard",)}
        with pytest.raises(Refused, match="not the runtime user's own file"):
            localfs.read_into(fd, "hard", SANDBOX, 100, io.BytesIO())
    finally:
        os.close(fd)


def test_reading_a_link_or_a_fifo_is_refused_without_blocking(mount: Path) -> None:
    (mount / "shadow").symlink_to("/etc/shadow")
    os.mkfifo(mount / "pipe")
    fd = localfs.open_root((), str(mount))
    try:
        with pytest.raises(Refused, match="cannot be read"):
            localfs.read_into(fd, "shadow", SANDBOX, 10**6, io.BytesIO())
        with pytest.raises(Refused, match="not a regular file"):
            localfs.read_into(fd, "pipe", SANDBOX, 10**6, io.BytesIO())
    finally:
        os.close(fd)


def test_a_link_in_the_path_is_never_walked_through(mount: Path, outside: Path) -> None:
    (mount / "sub").symlink_to(outside)
    fd = localfs.open_root((), str(mount))
    try:
        with pytest.raises(OSError), localfs.opened(fd, ("sub",)):
            pass
        with pytest.raises(OSError):
            localfs.make_dir(fd, "sub", SANDBOX, readonly=False)
    finally:
        os.close(fd)
    with pytest.raises(OSError):
        localfs.open_root(("sub",), str(mount))
    assert sorted(p.name for p in outside.iterdir()) == ["secret"]


def test_writing_replaces_a_planted_link_not_its_target(mount: Path, outside: Path) -> None:
    (mount / "victim").symlink_to(outside / "secret")
    fd = localfs.open_root((), str(mount))
    try:
        written = localfs.write_file(fd, "victim", [b"from Drive"], SANDBOX, readonly=False)
    finally:
        os.close(fd)
    assert (outside / "secret").read_text() == "host only"
    st = os.lstat(mount / "victim")
    assert stat.S_ISREG(st.st_mode) and st.st_ino == written.ino
    assert (mount / "victim").read_bytes() == b"from Drive"
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (SANDBOX.uid if SANDBOX.chown else 0, 0o644)
    assert not [p for p in os.listdir(mount) if p.startswith(localfs.TEMP_PREFIX)]


def test_removing_a_folder_leaves_what_its_links_lead_to(mount: Path, outside: Path) -> None:
    (mount / "x").mkdir()
    (mount / "x" / "link").symlink_to(outside)
    fd = localfs.open_root((), str(mount))
    try:
        localfs.remove(fd, "x")
    finally:
        os.close(fd)
    assert not (mount / "x").exists()
    assert (outside / "secret").read_text() == "host only"


def test_readonly_entries_are_roots_and_not_writable(mount: Path) -> None:
    fd = localfs.open_root((), str(mount))
    try:
        localfs.write_file(fd, "r.txt", [b"x"], SANDBOX, readonly=True)
        localfs.make_dir(fd, "rd", SANDBOX, readonly=True)
    finally:
        os.close(fd)
    assert stat.S_IMODE(os.stat(mount / "r.txt").st_mode) == 0o444
    assert stat.S_IMODE(os.stat(mount / "rd").st_mode) == 0o555
    assert os.stat(mount / "r.txt").st_uid == os.geteuid()
