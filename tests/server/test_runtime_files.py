"""The Files panel's API on real sandboxed runtimes: what cells write shows, uploads reach cells."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from collaboratory.runtimes.manager import RuntimeManager
from tests.clients import ApiClient, error_of
from tests.runtimes.client import KernelSession, kernel_session


def manager(app: FastAPI) -> RuntimeManager:
    runtimes: RuntimeManager = app.state.services.runtimes
    return runtimes


async def connected(client: ApiClient, app: FastAPI) -> dict[str, Any]:
    notebook = await client.create("notebook")
    response = await client.post("/api/runtimes", json={"notebook_id": notebook["id"]})
    assert response.status_code == 201, response.text
    runtime: dict[str, Any] = response.json()
    held = manager(app).by_kernel_id(runtime["kernel_id"])
    assert held is not None
    await manager(app).wait_until_started(held, 120)
    assert held.kernel is not None, held.error
    return runtime


async def run(app: FastAPI, runtime: dict[str, Any], code: str) -> str:
    held = manager(app).by_kernel_id(runtime["kernel_id"])
    assert held is not None and held.kernel is not None
    session: KernelSession
    async with kernel_session(held.kernel.connection_info()) as session:
        out = await session.run(code)
    assert out.error is None, out
    return out.stdout


async def visible(client: ApiClient, runtime: dict[str, Any], path: str = "") -> list[str]:
    """Paths listed, less the kernel's own dot-folders (~ is /content: .ipython, .cache)."""
    response = await client.get(files_url(runtime), params={"path": path})
    assert response.status_code == 200, response.text
    return [f["path"] for f in response.json() if not f["name"].startswith(".")]


def files_url(runtime: dict[str, Any], suffix: str = "") -> str:
    return f"/api/runtimes/{runtime['id']}/files{suffix}"


async def test_cell_files_are_listed_and_uploads_reach_cells(
    alice: ApiClient, app: FastAPI
) -> None:
    runtime = await connected(alice, app)
    await run(app, runtime, "open('/content/x.txt', 'w').write('from a cell')")
    listed = (await alice.get(files_url(runtime))).json()
    [x] = [f for f in listed if f["name"] == "x.txt"]
    assert x == {"name": "x.txt", "path": "x.txt", "kind": "file", "size": 11} | {
        "modified": x["modified"]
    }
    assert ".packages" not in [f["name"] for f in listed]
    download = await alice.get(files_url(runtime, "/content"), params={"path": "x.txt"})
    assert download.status_code == 200 and download.content == b"from a cell"
    assert "attachment" in download.headers["content-disposition"]

    made = await alice.post(files_url(runtime, "/directory"), params={"path": "data"})
    assert made.status_code == 201 and made.json()["kind"] == "directory"
    up = await alice.post(
        files_url(runtime), params={"path": "data"}, files={"file": ("in.csv", b"a,b\n1,2\n")}
    )
    assert up.status_code == 201, up.text
    assert up.json()["path"] == "data/in.csv" and up.json()["size"] == 8
    text = await run(app, runtime, "print(open('/content/data/in.csv').read(), end='')")
    assert text == "a,b\n1,2\n"
    # The kernel owns what we placed: it can change and delete it.
    await run(
        app, runtime, "import os; open('data/in.csv', 'a').write('3,4\\n'); os.mkdir('data/k')"
    )
    names = [
        f["path"] for f in (await alice.get(files_url(runtime), params={"path": "data"})).json()
    ]
    assert names == ["data/k", "data/in.csv"]

    deleted = await alice.delete(files_url(runtime), params={"path": "data"})
    assert deleted.status_code == 204
    assert await visible(alice, runtime) == ["x.txt"]
    assert "False" in await run(app, runtime, "print(__import__('os').path.exists('data'))")


async def test_bad_paths_are_400_and_links_out_are_not_followed(
    alice: ApiClient, app: FastAPI
) -> None:
    runtime = await connected(alice, app)
    await run(app, runtime, "import os; os.symlink('/etc/passwd', 'pw'); os.symlink('..', 'up')")
    for path in ("../x", "/etc/passwd", "a/../../b", "pw", "up/content"):
        response = await alice.get(files_url(runtime, "/content"), params={"path": path})
        assert response.status_code == 400, (path, response.text)
        assert error_of(response)["code"] == "bad_path"
    nul = await alice.get(files_url(runtime), params={"path": "a\0b"})
    assert nul.status_code == 400
    missing = await alice.get(files_url(runtime, "/content"), params={"path": "nope.txt"})
    assert missing.status_code == 404 and "nope.txt" in error_of(missing)["message"]
    folder = await alice.get(files_url(runtime, "/content"), params={"path": ""})
    assert folder.status_code == 400
    no_file = await alice.post(files_url(runtime), files={"other": (None, "x")})
    assert no_file.status_code == 400 and error_of(no_file)["code"] == "bad_upload"
    not_form = await alice.post(files_url(runtime), content=b"raw")
    assert not_form.status_code == 400


@pytest.mark.parametrize("settings_overrides", [{"drive": {"max_upload_bytes": 1000}}])
async def test_uploads_respect_the_size_limit(alice: ApiClient, app: FastAPI) -> None:
    runtime = await connected(alice, app)
    big = await alice.post(files_url(runtime), files={"file": ("big.bin", b"x" * 5000)})
    assert big.status_code == 413 and error_of(big)["code"] == "too_large"
    assert await visible(alice, runtime) == []


async def test_other_users_and_missing_runtimes_are_404(
    alice: ApiClient, bob: ApiClient, app: FastAPI
) -> None:
    runtime = await connected(alice, app)
    for method, suffix in [("GET", ""), ("GET", "/content"), ("DELETE", ""), ("POST", "")]:
        response = await bob.request(method, files_url(runtime, suffix), params={"path": "x"})
        assert response.status_code == 404, (method, suffix)
    gone = await alice.get("/api/runtimes/nope/files")
    assert gone.status_code == 404 and error_of(gone)["code"] == "not_found"


@pytest.mark.parametrize("settings_overrides", [{"accelerators": {"gpu": ["0"]}}])
async def test_a_runtime_not_started_yet_is_409(alice: ApiClient, bob: ApiClient) -> None:
    for client in (alice, bob):  # alice holds the only GPU; bob waits for it
        notebook = await client.create("notebook")
        body = {"notebook_id": notebook["id"], "runtime_type": "gpu"}
        response = await client.post("/api/runtimes", json=body)
        assert response.status_code in (201, 202), response.text
    assert response.json()["state"] == "queued", response.text
    listing = await bob.get(files_url(response.json()))
    assert listing.status_code == 409 and error_of(listing)["code"] == "runtime_not_ready"
    assert "not started" in error_of(listing)["message"]
