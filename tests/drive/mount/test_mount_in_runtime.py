"""``drive.mount`` from cells of a real sandboxed runtime, against a real server: the Drive
appears under ``/content/drive/MyDrive`` and stays in sync both ways; a notebook written there
changes its live document; another user's items never appear; links and FIFOs planted by the
cell lead the server nowhere."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from collaboratory.config import Settings, load_settings
from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.runtimes.client import kernel_session
from tests.runtimes.test_readopt import in_process
from tests.server.test_colab_notebooks import status_of

Run = Callable[[str], Awaitable[str]]


async def runner(app: FastAPI, client: ApiClient, notebook_id: str | None = None) -> Run:
    """Runs one source after another in a notebook of ``client`` (one runtime; a new notebook
    unless ``notebook_id``); each returns the cell's text output, errors included."""
    if notebook_id is None:
        empty = notebook_bytes([code_cell("c", "")])
        notebook_id = (await client.upload("mounting.ipynb", empty)).json()["id"]
    nb = {"id": notebook_id}
    me = (await client.get("/api/me")).json()
    documents = app.state.services.documents

    async def run(source: str) -> str:
        content = json.loads(notebook_bytes([code_cell("c", source)]))
        await documents.replace(me["id"], nb["id"], content)
        body = {"cell_ids": ["c"]}
        started = await client.post(f"/api/notebooks/{nb['id']}/execute", json=body)
        assert started.is_success, started.text
        for _ in range(600):
            await asyncio.sleep(0.1)
            cell_json = (await client.get(f"/api/notebooks/{nb['id']}")).json()["cells"][0]
            if status_of(cell_json) in ("done", "error") and cell_json["source"] == source:
                return _text(cell_json["outputs"])
        raise AssertionError(f"{source!r} never finished: {cell_json}")

    return run


def _text(outputs: list[dict[str, Any]]) -> str:
    parts = []
    for output in outputs:
        if output["output_type"] == "stream":
            parts.append("".join(output["text"]))
        elif output["output_type"] == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
    return "".join(parts)


async def eventually(check: Callable[[], Awaitable[Any]], seconds: float = 20) -> Any:
    for _ in range(int(seconds * 10)):
        value = await check()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise AssertionError(f"{check} never became true")


async def named(client: ApiClient, name: str, parent: str | None = None) -> dict[str, Any] | None:
    return next((i for i in await client.items(parent) if i["name"] == name), None)


MOUNT = "from google.colab import drive\ndrive.mount('/content/drive')\n"


async def test_drive_mount_both_ways(app: FastAPI, alice: ApiClient, bob: ApiClient) -> None:
    hello = (await alice.upload("hello.txt", b"hi from Drive")).json()
    data = await alice.create("folder", "data")
    await alice.upload("in.csv", b"a,b\n1,2\n", parent=data["id"])
    target = await alice.upload("target.ipynb", notebook_bytes([code_cell("t", "print(1)")]))
    target_id = target.json()["id"]
    bobs = (await bob.upload("bobs-secret.txt", b"bob only")).json()
    alice_edits = [{"username": "alice", "role": "editor"}]
    shared = {"owner": "bob", "people": alice_edits, "link_role": None}
    assert (await bob.put(f"/api/drive/items/{bobs['id']}/sharing", json=shared)).is_success
    run = await runner(app, alice)

    said = await run(
        MOUNT + "import os\n"
        "print(open('/content/drive/MyDrive/hello.txt').read())\n"
        "print(open('/content/drive/MyDrive/data/in.csv').read())\n"
        "print(sorted(os.listdir('/content/drive/MyDrive')))\n"
        "open('/content/drive/MyDrive/out.csv', 'w').write('x,y\\n3,4\\n')\n"
        "os.makedirs('/content/drive/MyDrive/results/deep')\n"
        "open('/content/drive/MyDrive/results/deep/r.txt', 'w').write('deep')\n"
    )
    assert "Mounted at /content/drive" in said
    assert "hi from Drive" in said and "a,b\n1,2" in said
    assert "'Notebooks'" in said and "'target.ipynb'" in said and "'data'" in said
    assert "bobs-secret" not in said  # shared with alice, but another user's item

    out = await eventually(lambda: named(alice, "out.csv"))
    assert (await alice.get(f"/api/drive/items/{out['id']}/content")).content == b"x,y\n3,4\n"
    results = await eventually(lambda: named(alice, "results"))
    deep = await eventually(lambda: named(alice, "deep", results["id"]))
    r = await eventually(lambda: named(alice, "r.txt", deep["id"]))
    assert (await alice.get(f"/api/drive/items/{r['id']}/content")).content == b"deep"

    await alice.upload("later.txt", b"uploaded in the UI")
    assert (await alice.delete(f"/api/drive/items/{hello['id']}")).is_success
    said = await run(
        "import os, time\n"
        "for _ in range(200):\n"
        "    if os.path.exists('/content/drive/MyDrive/later.txt') and "
        "not os.path.exists('/content/drive/MyDrive/hello.txt'):\n"
        "        break\n"
        "    time.sleep(0.1)\n"
        "print(open('/content/drive/MyDrive/later.txt').read())\n"
        "print('hello gone:', not os.path.exists('/content/drive/MyDrive/hello.txt'))\n"
        "os.remove('/content/drive/MyDrive/out.csv')\n"
        "import json\n"
        "p = '/content/drive/MyDrive/target.ipynb'\n"
        "nb = json.load(open(p))\n"
        "nb['cells'][0]['source'] = 'print(2)'\n"
        "json.dump(nb, open(p, 'w'))\n"
    )
    assert "uploaded in the UI" in said and "hello gone: True" in said

    async def target_changed() -> bool:
        cells = (await alice.get(f"/api/notebooks/{target_id}")).json()["cells"]
        return "".join(cells[0]["source"]) == "print(2)"

    await eventually(target_changed)  # the live document itself: no copy, no fork
    await eventually(lambda: _absent(alice, "out.csv"))
    names = [i["name"] for i in await alice.items()]
    assert names.count("target.ipynb") == 1 and not any("target (" in n for n in names)

    said = await run(
        "open('/content/drive/MyDrive/last.txt', 'w').write('flushed')\n"
        "drive.flush_and_unmount()\n"
        "print('left:', os.listdir('/content/drive'))\n"
        "drive.flush_and_unmount()\n"
    )
    assert "All changes made in this colab session should now be visible in Drive." in said
    assert "left: []" in said
    assert "Drive not mounted, so nothing to flush and unmount." in said
    last = await named(alice, "last.txt")  # flushed before the call returned
    assert last is not None
    assert (await alice.get(f"/api/drive/items/{last['id']}/content")).content == b"flushed"


async def _absent(client: ApiClient, name: str) -> bool:
    return await named(client, name) is None


async def test_remount_and_colabs_errors(app: FastAPI, alice: ApiClient) -> None:
    await alice.upload("a.txt", b"A")
    run = await runner(app, alice)
    said = await run(
        MOUNT + "import os\n"
        "drive.mount('/content/drive')\n"
        "open('/content/drive/MyDrive/b.txt', 'w').write('B')\n"
        "drive.mount('/content/drive', force_remount=True)\n"
        "print(sorted(os.listdir('/content/drive/MyDrive')))\n"
        "drive.mount('/content/drive', force_remount=True, readonly=True)\n"
        "try:\n"
        "    open('/content/drive/MyDrive/ro.txt', 'w')\n"
        "except OSError as e:\n"
        "    print('read-only:', type(e).__name__, open('/content/drive/MyDrive/a.txt').read())\n"
        "for target in ('/etc/drive', '/content/my drive', '/content/file', '/content/full'):\n"
        "    open('/content/file', 'w').close()\n"
        "    os.makedirs('/content/full', exist_ok=True)\n"
        "    open('/content/full/x', 'w').close()\n"
        "    try:\n"
        "        drive.mount(target, force_remount=True)\n"
        "    except ValueError as e:\n"
        "        print('ValueError:', e)\n"
    )
    assert said.count("Mounted at /content/drive") == 3
    assert "read-only: PermissionError A" in said
    assert "Drive already mounted at /content/drive; to attempt to forcibly remount" in said
    assert "'a.txt', 'b.txt'" in said  # b.txt reached Drive before the remount removed it
    assert "ValueError: Mountpoint must be in /content, not /etc/drive" in said
    assert "ValueError: Mountpoint must not contain a space." in said
    assert "ValueError: Mountpoint must either be a directory or not exist" in said
    assert "ValueError: Mountpoint must not already contain files" in said
    assert await named(alice, "b.txt") is not None


async def test_planted_links_and_fifos_lead_nowhere(
    app: FastAPI, alice: ApiClient, settings: Settings, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "host-secret.txt").write_text("host only")
    sub = await alice.create("folder", "sub")
    run = await runner(app, alice)
    said = await run(
        MOUNT + "import os, shutil\n"
        "d = '/content/drive/MyDrive'\n"
        "os.symlink('/etc/shadow', f'{d}/shadow.txt')\n"
        f"os.symlink({str(settings.data_dir)!r}, f'{{d}}/datadir')\n"
        f"os.symlink({str(outside / 'host-secret.txt')!r}, f'{{d}}/secret.txt')\n"
        "os.mkfifo(f'{d}/pipe')\n"
        "shutil.rmtree(f'{d}/sub')\n"
        f"os.symlink({str(outside)!r}, f'{{d}}/sub')\n"
        "print('planted')\n"
    )
    assert "planted" in said, said
    await alice.upload("dropped.txt", b"must not land outside", parent=sub["id"])
    said = await run("drive.flush_and_unmount()\n")
    assert "All changes made" in said, said
    assert "is a link: links are not copied to Drive" in said
    names = {i["name"] for i in await alice.items()}
    assert not names & {"shadow.txt", "datadir", "secret.txt", "pipe"}
    assert sorted(p.name for p in outside.iterdir()) == ["host-secret.txt"]
    assert (outside / "host-secret.txt").read_text() == "host only"
    assert {i["name"] for i in await alice.items(sub["id"])} == {"dropped.txt"}  # kept in Drive


async def _mounted_then_server_stopped(app: FastAPI, alice: ApiClient) -> Run:
    """Mounted, then the server's mounts dropped as a server stop drops them; meanwhile a file
    is uploaded in the UI and the cell writes, changes and deletes files in the folder."""
    await alice.upload("kept.txt", b"in Drive")
    await alice.upload("both.txt", b"drive v1")
    run = await runner(app, alice)
    said = await run(MOUNT + "print(open('/content/drive/MyDrive/both.txt').read())\n")
    assert "Mounted at /content/drive" in said and "drive v1" in said
    await app.state.services.notebook_runner.drive_mounts.close()
    await alice.upload("uploaded-meanwhile.txt", b"from the UI")
    said = await run(
        "import os\n"
        "d = '/content/drive/MyDrive'\n"
        "open(f'{d}/offline.txt', 'w').write('written while the server was down')\n"
        "open(f'{d}/both.txt', 'w').write('runtime v2')\n"
        "os.remove(f'{d}/kept.txt')\n"
        "print('left:', os.listdir('/content/drive'))\n"
    )
    assert "left: ['MyDrive']" in said, said
    return run


REMOUNT = MOUNT + "import os\nd = '/content/drive/MyDrive'\nprint(sorted(os.listdir(d)))\n"


async def _content(client: ApiClient, name: str) -> bytes:
    item = await named(client, name)
    assert item is not None, name
    return (await client.get(f"/api/drive/items/{item['id']}/content")).content


async def test_mount_again_after_the_server_restarted(
    app: FastAPI, alice: ApiClient, settings: Settings
) -> None:
    """The marker kept the last sync's state: the remount carries over what changed on each
    side since, as the running mount would have (the deletion too)."""
    run = await _mounted_then_server_stopped(app, alice)
    assert list((settings.data_dir / "drive-mounts").glob("*.json"))  # outside the runtime
    said = await run(REMOUNT + "print(open(f'{d}/both.txt').read())\n")
    assert "Mounted at /content/drive" in said and "Drive already mounted" not in said, said
    assert "'offline.txt'" in said and "'uploaded-meanwhile.txt'" in said
    assert "'kept.txt'" not in said and "Drive copy" not in said and "runtime v2" in said
    assert await _content(alice, "offline.txt") == b"written while the server was down"
    assert await _content(alice, "both.txt") == b"runtime v2"
    await eventually(lambda: _absent(alice, "kept.txt"))  # in Drive's trash, as before

    said = await run("os.remove(f'{d}/offline.txt')\ndrive.flush_and_unmount()\n")
    assert "All changes made" in said, said
    assert await named(alice, "offline.txt") is None
    assert not list((settings.data_dir / "drive-mounts").glob("*.json"))


async def test_mount_again_without_a_known_state_deletes_nothing(
    app: FastAPI, alice: ApiClient, settings: Settings
) -> None:
    """A marker without the last sync's state (the server stopped before a round ended):
    nothing deleted on either side, what one side lacks copied, differing files kept twice."""
    run = await _mounted_then_server_stopped(app, alice)
    (marker,) = (settings.data_dir / "drive-mounts").glob("*.json")
    marker.write_text(
        json.dumps({k: v for k, v in json.loads(marker.read_text()).items() if k != "state"})
    )
    said = await run(
        REMOUNT + "print(open(f'{d}/both.txt').read(), open(f'{d}/both (Drive copy).txt').read())\n"
    )
    assert "Mounted at /content/drive" in said, said
    assert "both.txt: Drive's copy is now both (Drive copy).txt" in said
    for name in ("both (Drive copy).txt", "kept.txt", "offline.txt", "uploaded-meanwhile.txt"):
        assert f"'{name}'" in said
    assert "runtime v2 drive v1" in said
    assert await _content(alice, "offline.txt") == b"written while the server was down"
    assert await _content(alice, "both.txt") == b"runtime v2"
    assert await _content(alice, "both (Drive copy).txt") == b"drive v1"
    assert await _content(alice, "kept.txt") == b"in Drive"
    # The notebook running these cells changed since its copy was pulled: its live document
    # keeps its name and content, the runtime's older copy is kept beside it.
    assert "mounting.ipynb: the runtime's copy is now mounting (runtime copy).ipynb" in said
    assert await eventually(lambda: named(alice, "mounting (runtime copy).ipynb"))


async def test_a_folder_not_left_by_a_mount_is_still_refused(
    app: FastAPI, alice: ApiClient
) -> None:
    run = await runner(app, alice)
    said = await run(
        "import os\n"
        "os.makedirs('/content/drive/MyDrive')\n"
        "open('/content/drive/MyDrive/mine.txt', 'w').write('not a mount')\n" + MOUNT
    )
    assert "ValueError: Mountpoint must not already contain files" in said, said
    assert await named(alice, "mine.txt") is None


async def test_mount_again_after_a_real_server_restart(tmp_path: Path) -> None:
    """A clean stop and start of the whole server (its runtimes survive it); while it is down
    the kernel writes into the folder; re-running ``drive.mount`` brings that to Drive."""
    settings = load_settings(
        data_dir=tmp_path / "data",
        drive={"max_upload_bytes": 1024 * 1024},
        runtimes={"warm_pool_enabled": False, "survive_restart": True},
    )
    app, c = in_process(settings)
    async with app.router.lifespan_context(app), c:
        await c.signup("cleo", "a long password")
        empty = notebook_bytes([code_cell("c", "")])
        notebook_id = (await c.upload("mounting.ipynb", empty)).json()["id"]
        run = await runner(app, c, notebook_id)
        said = await run(MOUNT + "print('ok')\n")
        assert "Mounted at /content/drive" in said, said
        [runtime] = (await c.get("/api/runtimes")).json()
        held = app.state.services.runtimes.by_kernel_id(runtime["kernel_id"])
        info = held.kernel.connection_info()

    async with kernel_session(info) as k:  # no server: the kernel alone writes
        done = await k.run("open('/content/drive/MyDrive/down.txt', 'w').write('while down')")
        assert done.error is None, done.error

    app, c = in_process(settings)
    async with app.router.lifespan_context(app), c:
        await c.login("cleo", "a long password")
        try:
            run = await runner(app, c, notebook_id)
            said = await run(REMOUNT)
            assert "Mounted at /content/drive" in said and "'down.txt'" in said, said
            assert await _content(c, "down.txt") == b"while down"
        finally:
            assert (await c.delete(f"/api/runtimes/{runtime['id']}")).status_code == 204
