"""Reconciling a mounted Drive with real services and a real directory (no kernel): limits,
read-only mounts, and never mistaking a vanished folder or a stopped runtime for deletions."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from collaboratory.drive.mount import localfs
from collaboratory.drive.mount.localfs import Owner
from collaboratory.drive.mount.sync import MY_DRIVE, MountedDrive, MountGone, Reconciler
from tests.clients import ApiClient, code_cell, notebook_bytes

SANDBOX = Owner(65534, 65534, chown=os.geteuid() == 0)


def give(path: Path) -> None:
    if SANDBOX.chown:
        os.chown(path, SANDBOX.uid, SANDBOX.gid)


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    give(path)


class Fixture:
    def __init__(self, app: FastAPI, user_id: str, root: Path, **options: Any) -> None:
        services = app.state.services
        self.reconciler = Reconciler(
            services.drive, services.documents, services.settings.drive.max_upload_bytes
        )
        drive = root / "drive"
        (drive / MY_DRIVE).mkdir(parents=True)
        for path in (root, drive, drive / MY_DRIVE):
            give(path)
        self.dir = drive / MY_DRIVE
        self.alive = True
        self.mount = MountedDrive(
            user_id,
            "runtime",
            root,
            ("drive",),
            options.get("readonly", False),
            options.get("max_bytes", 10**9),
            SANDBOX,
            os.stat(self.dir).st_ino,
        )

    async def sync(self) -> list[str]:
        async def alive() -> bool:
            return self.alive

        await self.reconciler.reconcile(self.mount, alive)
        return self.mount.problems


async def fixture(app: FastAPI, client: ApiClient, tmp_path: Path, **options: Any) -> Fixture:
    me = (await client.get("/api/me")).json()
    return Fixture(app, me["id"], tmp_path / "content", **options)


async def names(client: ApiClient, parent: str | None = None) -> set[str]:
    return {i["name"] for i in await client.items(parent)}


async def test_notebooks_and_renames(app: FastAPI, alice: ApiClient, tmp_path: Path) -> None:
    nb_id = (await alice.upload("a.ipynb", notebook_bytes([code_cell("x", "1")]))).json()["id"]
    m = await fixture(app, alice, tmp_path)
    assert await m.sync() == []
    on_disk = json.loads((m.dir / "a.ipynb").read_text())
    assert "".join(on_disk["cells"][0]["source"]) == "1"

    write(m.dir / "b.ipynb", notebook_bytes([code_cell("y", "2")]))  # a new notebook
    write(m.dir / "broken.ipynb", b"{not json")
    problems = await m.sync()
    assert any("broken.ipynb" in p and "not a valid notebook" in p for p in problems)
    b = next(i for i in await alice.items() if i["name"] == "b.ipynb")
    assert b["kind"] == "notebook"
    cells = (await alice.get(f"/api/notebooks/{b['id']}")).json()["cells"]
    assert "".join(cells[0]["source"]) == "2"
    assert "broken.ipynb" not in await names(alice)
    assert not any("broken" in p for p in await m.sync())  # said once, until it changes

    os.rename(m.dir / "a.ipynb", m.dir / "renamed.ipynb")  # the same notebook, renamed
    await m.sync()
    item = (await alice.get(f"/api/drive/items/{nb_id}")).json()
    assert (item["name"], item["trashed"]) == ("renamed.ipynb", False)
    assert "a.ipynb" not in await names(alice)


async def test_renames_and_moves_keep_identity(
    app: FastAPI, alice: ApiClient, tmp_path: Path
) -> None:
    box = await alice.create("folder", "box")
    inner = (await alice.upload("inner.txt", b"in the box", parent=box["id"])).json()
    m = await fixture(app, alice, tmp_path)
    await m.sync()
    inode = os.stat(m.dir / "box" / "inner.txt").st_ino
    assert (await alice.patch(f"/api/drive/items/{box['id']}", json={"name": "crate"})).is_success
    await m.sync()
    assert not (m.dir / "box").exists()
    assert os.stat(m.dir / "crate" / "inner.txt").st_ino == inode  # moved, not copied again

    (m.dir / "shelf").mkdir()
    give(m.dir / "shelf")
    await m.sync()
    os.rename(m.dir / "crate", m.dir / "shelf" / "crate")  # a move inside the runtime
    await m.sync()
    shelf = next(i for i in await alice.items() if i["name"] == "shelf")
    moved = (await alice.get(f"/api/drive/items/{box['id']}")).json()
    assert (moved["name"], moved["parent"], moved["trashed"]) == ("crate", shelf["id"], False)
    assert (await alice.get(f"/api/drive/items/{inner['id']}")).json()["trashed"] is False
    assert await m.sync() == []


async def test_limits_are_kept(app: FastAPI, alice: ApiClient, tmp_path: Path) -> None:
    await alice.upload("big-in-drive.bin", b"x" * 5000)
    m = await fixture(app, alice, tmp_path, max_bytes=4000)
    problems = await m.sync()
    assert any("big-in-drive.bin" in p and "no room" in p for p in problems)
    assert not (m.dir / "big-in-drive.bin").exists()
    write(m.dir / "huge.bin", b"y" * (app.state.services.settings.drive.max_upload_bytes + 1))
    problems = await m.sync()
    assert any("huge.bin" in p and "Drive takes files up to" in p for p in problems)
    assert "huge.bin" not in await names(alice)


async def test_a_readonly_mount_never_changes_drive(
    app: FastAPI, alice: ApiClient, tmp_path: Path
) -> None:
    await alice.upload("keep.txt", b"drive's")
    m = await fixture(app, alice, tmp_path, readonly=True)
    await m.sync()
    (m.dir / "keep.txt").chmod(0o644)
    (m.dir / "keep.txt").write_bytes(b"changed by the runtime")
    write(m.dir / "new.txt", b"new")
    await m.sync()
    assert await names(alice) == {"Notebooks", "keep.txt"}
    assert (m.dir / "keep.txt").read_bytes() == b"drive's"
    assert not (m.dir / "new.txt").exists()


async def test_a_vanished_folder_or_a_stopped_kernel_deletes_nothing(
    app: FastAPI, alice: ApiClient, tmp_path: Path
) -> None:
    await alice.upload("precious.txt", b"keep me")
    m = await fixture(app, alice, tmp_path)
    await m.sync()
    (m.dir / "precious.txt").unlink()
    m.alive = False  # as while a factory reset empties /content
    await m.sync()
    assert "precious.txt" in await names(alice)
    m.alive = True
    write(m.dir / "precious.txt", b"keep me")  # back as it was (a new file, same bytes)
    await m.sync()
    localfs.remove(os.open(m.dir.parent, os.O_RDONLY), MY_DRIVE)
    with pytest.raises(MountGone):
        await m.sync()
    assert "precious.txt" in await names(alice)
