"""GET /api/runtime-images: each image's state, Python, locked packages and size."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from tests.clients import ApiClient
from tests.runtimes.client import kernel_session


@pytest.fixture
def settings_overrides(tmp_path: Any) -> dict[str, Any]:
    slim = {"packages": ["tqdm"]}
    return {"runtimes": {"images_dir": tmp_path / "images", "images": {"standard": slim}}}


async def test_images_are_listed_and_a_runtime_runs_on_its_image(
    app: FastAPI, guest: ApiClient
) -> None:
    before = {i["name"]: i for i in (await guest.get("/api/runtime-images")).json()}
    assert before["standard"]["state"] == "absent" and before["standard"]["packages"] == []
    assert "cpu" in before["standard"]["runtime_types"]
    assert "gpu" in before["ml"]["runtime_types"]

    notebook = await guest.create("notebook")
    body = {"notebook_id": notebook["id"]}
    runtime = (await guest.post("/api/runtimes", json=body)).json()  # builds the image first
    held = app.state.services.runtimes.by_kernel_id(runtime["kernel_id"])
    await app.state.services.runtimes.wait_until_started(held, 120)
    assert held.kernel is not None, held.error
    async with kernel_session(held.kernel.connection_info()) as k:
        assert await k.value("__import__('tqdm').__name__") == "tqdm"
        out = await k.run("import fastapi")
        assert out.error is not None and "ModuleNotFoundError" in out.error

    [standard] = [
        i for i in (await guest.get("/api/runtime-images")).json() if i["name"] == "standard"
    ]
    assert standard["state"] == "ready" and standard["python"].count(".") == 2
    names = {p["name"]: p["version"] for p in standard["packages"]}
    assert names["tqdm"] and names["ipykernel"] and "fastapi" not in names
    assert standard["size_bytes"] > 1_000_000 and standard["built_at"]
    assert standard["versions"] == [standard["version"]]


async def test_runtime_images_need_a_session(client: ApiClient) -> None:
    assert (await client.get("/api/runtime-images")).status_code == 401
