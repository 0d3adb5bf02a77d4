"""Runtimes survive a restart of the server: it re-adopts their kernels at start."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from collaboratory.config import Settings, load_settings
from collaboratory.runtimes.local import socket_root
from collaboratory.server import create_app
from tests.clients import ApiClient
from tests.runtimes.client import kernel_session
from tests.servers import Server, free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    yield data
    for kernel_dir in socket_root(data).glob("*"):  # never leave a kernel behind
        subprocess.run(["pkill", "-9", "-f", str(kernel_dir)], check=False)
    shutil.rmtree(socket_root(data), ignore_errors=True)


async def test_sigkilled_server_readopts_a_running_kernel(data_dir: Path) -> None:
    first = Server(data_dir, free_port())
    try:
        async with ApiClient(base_url=first.url) as c:
            await c.signup("ada", "a long password")
            nb = await c.create("notebook")
            runtime = (await c.post("/api/runtimes", json={"notebook_id": nb["id"]})).json()
            assert runtime["state"] == "ready"
        [kernel_json] = list(socket_root(data_dir).rglob("kernel.json"))
        info = json.loads(kernel_json.read_text())
        async with kernel_session(info) as k:
            await k.run("x = 41")
    finally:
        first.kill()

    second = Server(data_dir, free_port())
    try:
        async with ApiClient(base_url=second.url) as c:
            await c.login("ada", "a long password")
            [again] = (await c.get("/api/runtimes")).json()
            assert again["id"] == runtime["id"] and again["state"] == "ready"
            async with kernel_session(info) as k:
                assert await k.value("x + 1") == "42"  # the same kernel, variables intact
            assert (await c.delete(f"/api/runtimes/{runtime['id']}")).status_code == 204
            assert (await c.get("/api/runtimes")).json() == []
    finally:
        second.kill_all()


def in_process(settings: Settings) -> tuple[FastAPI, ApiClient]:
    app = create_app(settings)
    client = ApiClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
    return app, client


async def test_clean_stop_and_start_in_process(tmp_path: Path) -> None:
    settings = load_settings(
        data_dir=tmp_path / "data",
        runtimes={"warm_pool_enabled": False, "survive_restart": True},
    )
    app, c = in_process(settings)
    async with app.router.lifespan_context(app), c:
        await c.signup("bea", "a long password")
        nb = await c.create("notebook")
        runtime = (await c.post("/api/runtimes", json={"notebook_id": nb["id"]})).json()
        held = app.state.services.runtimes.by_kernel_id(runtime["kernel_id"])
        info = held.kernel.connection_info()
        async with kernel_session(info) as k:
            await k.run("y = 'kept'")

    app, c = in_process(settings)
    async with app.router.lifespan_context(app), c:
        await c.login("bea", "a long password")
        [again] = (await c.get("/api/runtimes")).json()
        assert again["kernel_id"] == runtime["kernel_id"]
        async with kernel_session(info) as k:
            assert await k.value("y") == "kept"
        assert (await c.post(f"/api/runtimes/{runtime['id']}/restart")).status_code == 200
        async with kernel_session(info) as k:
            assert (await k.run("print(y)")).error == "NameError: name 'y' is not defined"
        assert (await c.delete(f"/api/runtimes/{runtime['id']}")).status_code == 204
