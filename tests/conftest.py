"""Shared fixtures: an in-process app on a fresh data directory, and browser-like clients."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from collaboratory.config import Settings, load_settings
from collaboratory.server import create_app
from tests.clients import ApiClient

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"
# Runtimes under test run on this slim image (what the tests import in cells), never the real
# standard or ml stacks; built once per session (uv's cache makes that seconds), in a
# directory of the session's own, which servers started as subprocesses inherit.
TEST_IMAGE = {"packages": ["ipywidgets", "tqdm", "numpy", "pandas", "matplotlib"]}


def pytest_configure(config: pytest.Config) -> None:
    if "COLLABORATORY_RUNTIMES__IMAGES_DIR" not in os.environ:
        images_dir = tempfile.mkdtemp(prefix="collaboratory-test-images-")
        config.stash[_IMAGES_DIR] = images_dir
        os.environ["COLLABORATORY_RUNTIMES__IMAGES_DIR"] = images_dir
    images = {"standard": TEST_IMAGE, "ml": TEST_IMAGE}
    os.environ.setdefault("COLLABORATORY_RUNTIMES__IMAGES", json.dumps(images))


def pytest_unconfigure(config: pytest.Config) -> None:
    images_dir = config.stash.get(_IMAGES_DIR, None)
    if images_dir is not None:
        shutil.rmtree(images_dir, ignore_errors=True)


_IMAGES_DIR = pytest.StashKey[str]()


@pytest.fixture(autouse=True)
def _runtime_disks_unmounted(tmp_path: Path) -> Iterator[None]:
    """A runtime's disk quota is a loop mount under its data dir; a test that kills a server
    with SIGKILL leaves it mounted, and a mount keeps pytest from removing old tmp dirs."""
    yield
    below = f"{tmp_path}/"
    for line in Path("/proc/self/mounts").read_text().splitlines():
        point = line.split()[1]
        if point.startswith(below):
            subprocess.run(["umount", "-l", point], capture_output=True, check=False)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Override in a test module to change settings for its app."""
    return {}


@pytest.fixture
def settings(tmp_path: Path, settings_overrides: dict[str, Any]) -> Settings:
    defaults: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "drive": {"max_upload_bytes": 1024 * 1024, "upload_chunk_bytes": 64 * 1024},
        "accounts": {"login_attempts_per_window": 3},
        # Tests that need warm runtimes turn the pool on; the others need no kernel.
        "runtimes": {
            "warm_pool_enabled": False,
            "survive_restart": False,
            "cull_warning_seconds": 1.0,
        },
    }
    for key, value in settings_overrides.items():
        if isinstance(value, dict) and isinstance(defaults.get(key), dict):
            defaults[key] = {**defaults[key], **value}
        else:
            defaults[key] = value
    return load_settings(**defaults)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


ClientFactory = Callable[[], Awaitable[ApiClient]]


@pytest.fixture
async def new_client(app: FastAPI) -> AsyncIterator[ClientFactory]:
    """Makes independent browser-like clients (each with its own cookie jar)."""
    clients: list[ApiClient] = []

    async def make() -> ApiClient:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000 + len(clients)))
        client = ApiClient(transport=transport, base_url="http://testserver")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
async def client(new_client: ClientFactory) -> ApiClient:
    return await new_client()


@pytest.fixture
async def guest(new_client: ClientFactory) -> ApiClient:
    c = await new_client()
    (await c.post("/api/auth/guest")).raise_for_status()
    return c


@pytest.fixture
async def alice(new_client: ClientFactory) -> ApiClient:
    c = await new_client()
    await c.signup("alice", "correct horse battery")
    return c


@pytest.fixture
async def bob(new_client: ClientFactory) -> ApiClient:
    c = await new_client()
    await c.signup("bob", "another good password")
    return c


@pytest.fixture
async def served(app: FastAPI) -> AsyncIterator[str]:
    """The test's app on a real uvicorn server, for websockets and streams."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "uvicorn did not start"
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    server.should_exit = True
    await task
