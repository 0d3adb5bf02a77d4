"""How long a mounted Drive's reconcile takes (google.colab.drive.mount), by Drive size.

    python bench/drive_mount_sync.py [--files 1000] [--notebooks 20] [--kib 16]

Builds a Drive of FILES files (KIB KiB each, in folders of 100) and NOTEBOOKS notebooks for one
user, through the real Drive service and database, then reconciles it with a directory as a
mount does (no kernel: the round is the server's work): the first round (everything copied
into the directory), a round with nothing changed (the cost paid every 2 s while mounted), and
a round after the runtime changed 100 files and added 100.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

import httpx  # noqa: E402
from tests.clients import ApiClient, code_cell, notebook_bytes  # noqa: E402

from collaboratory.config import load_settings  # noqa: E402
from collaboratory.drive.mount.localfs import Owner  # noqa: E402
from collaboratory.drive.mount.sync import MY_DRIVE, MountedDrive, Reconciler  # noqa: E402
from collaboratory.server.app import create_app  # noqa: E402


async def timed(label: str, work: object) -> float:
    assert asyncio.iscoroutine(work)
    start = time.perf_counter()
    await work
    seconds = time.perf_counter() - start
    print(f"{label:<42} {seconds * 1000:8.0f} ms")
    return seconds


async def main(files: int, notebooks: int, kib: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp) / "data")
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
            async with ApiClient(transport=transport, base_url="http://bench") as client:
                await client.signup("bench", "a long enough password")
                me = (await client.get("/api/me")).json()
                folder = None
                for n in range(files):
                    if n % 100 == 0:
                        folder = (await client.create("folder", f"f{n // 100}"))["id"]
                    await client.upload(f"file{n}.bin", os.urandom(kib * 1024), parent=folder)
                for n in range(notebooks):
                    cells = [code_cell(f"c{i}", f"print({i})") for i in range(20)]
                    await client.upload(f"nb{n}.ipynb", notebook_bytes(cells))
            services = app.state.services
            reconciler = Reconciler(services.drive, services.documents, 1 << 30)
            content = Path(tmp) / "content"
            mydrive = content / "drive" / MY_DRIVE
            mydrive.mkdir(parents=True)
            owner = Owner(os.geteuid(), os.getegid(), chown=False)
            mount = MountedDrive(
                me["id"], "bench", content, ("drive",), False, 1 << 40, owner,
                os.stat(mydrive).st_ino,
            )  # fmt: skip

            async def alive() -> bool:
                return True

            print(f"{files} files of {kib} KiB, {notebooks} notebooks of 20 cells")
            await timed(
                "first round (copy all into the runtime)", reconciler.reconcile(mount, alive)
            )
            for _ in range(3):
                await timed("round with nothing changed", reconciler.reconcile(mount, alive))
            if os.environ.get("PROFILE"):
                import cProfile

                profile = cProfile.Profile()
                profile.enable()
                await reconciler.reconcile(mount, alive)
                profile.disable()
                profile.print_stats("cumulative")
            for n in range(min(100, files)):
                (mydrive / f"f{n // 100}" / f"file{n}.bin").write_bytes(os.urandom(kib * 1024))
                (mydrive / f"new{n}.bin").write_bytes(b"new")
            await timed(
                "round after 100 changed + 100 new files", reconciler.reconcile(mount, alive)
            )
            assert not mount.problems, mount.problems


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--notebooks", type=int, default=20)
    parser.add_argument("--kib", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(main(args.files, args.notebooks, args.kib))
