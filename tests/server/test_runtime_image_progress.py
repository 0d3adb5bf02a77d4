"""While a runtime's image is being built, the runtime says so, with how far the build has come
(what the Connect button shows as "Preparing runtime image … 40%")."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tests.clients import ApiClient
from tests.runtimes.client import kernel_session
from tests.runtimes.wheelhouse import GatedWheelhouse, gated_wheelhouse


@pytest.fixture
def wheelhouse() -> Iterator[GatedWheelhouse]:
    with gated_wheelhouse() as house:
        yield house


@pytest.fixture
def settings_overrides(tmp_path: Path, wheelhouse: GatedWheelhouse) -> dict[str, Any]:
    slow = {"packages": ["tqdm", wheelhouse.name], "find_links": [wheelhouse.url]}
    return {"runtimes": {"images_dir": tmp_path / "images", "images": {"standard": slow}}}


async def test_a_starting_runtime_shows_the_build_of_its_image(
    app: FastAPI, guest: ApiClient, wheelhouse: GatedWheelhouse
) -> None:
    notebook = await guest.create("notebook")
    body = {"notebook_id": notebook["id"]}
    connecting = asyncio.create_task(guest.post("/api/runtimes", json=body))

    # the build is under way, held by the wheelhouse: the connect waits, the runtime says why
    assert await asyncio.to_thread(wheelhouse.requested.wait, 120)
    assert not connecting.done()
    [runtime] = (await guest.get("/api/runtimes")).json()
    assert runtime["state"] == "starting" and runtime["notebook_id"] == notebook["id"]
    image = runtime["image"]
    assert image["name"] == "standard" and image["state"] == "building" and image["message"]
    assert 0 < image["percent"] < 100, image
    one = (await guest.get(f"/api/runtimes/{runtime['id']}")).json()
    assert one["image"]["state"] == "building" and one["image"]["percent"] >= image["percent"]
    images = {i["name"]: i for i in (await guest.get("/api/runtime-images")).json()}
    assert images["standard"]["state"] == "building" and images["standard"]["progress"]
    assert images["standard"]["percent"] >= image["percent"]

    wheelhouse.release.set()
    answer = await asyncio.wait_for(connecting, 180)
    assert answer.status_code == 201, answer.text
    ready = answer.json()
    assert ready["id"] == runtime["id"] and ready["state"] == "ready" and ready["image"] is None
    held = app.state.services.runtimes.by_kernel_id(ready["kernel_id"])
    assert held.kernel is not None, held.error
    async with kernel_session(held.kernel.connection_info()) as k:
        assert await k.value(f"__import__('{wheelhouse.name}').VALUE") == "42"
    images = {i["name"]: i for i in (await guest.get("/api/runtime-images")).json()}
    assert images["standard"]["state"] == "ready" and images["standard"]["percent"] is None
