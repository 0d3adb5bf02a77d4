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

from collaboratory.config import Settings
from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.server.test_colab_notebooks import status_of

Run = Callable[[str], Awaitable[str]]


async def runner(app: FastAPI, client: ApiClient) -> Run:
    """Runs one source after another in a notebook of ``client`` (one runtime); each returns
    the cell's text output, errors included."""
    nb = (await client.upload("mounting.ipynb", notebook_bytes([code_cell("c", "")]))).json()
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
