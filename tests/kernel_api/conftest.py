"""An app with the kernel API on a real uvicorn server, real ipykernel kernels behind it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from tests.clients import ApiClient
from tests.servers import Server, free_port

from .provider import LocalKernelProvider


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # The app's own runtimes are not under test here; keep it from starting warm kernels.
    return {"runtimes": {"warm_pool_enabled": False}}


@pytest.fixture
async def provider() -> AsyncIterator[LocalKernelProvider]:
    kernels = LocalKernelProvider()
    yield kernels
    await kernels.close()


@pytest.fixture
def kernel_app(app: FastAPI, provider: LocalKernelProvider) -> FastAPI:
    app.state.services.kernels = provider  # the app's kernel API, on kernels of this test's own
    return app


@pytest.fixture
async def server(kernel_app: FastAPI) -> AsyncIterator[str]:
    """``host:port`` of a uvicorn serving the app on this test's event loop."""
    config = uvicorn.Config(
        kernel_app, host="127.0.0.1", port=0, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "uvicorn did not start"
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    await task


async def api_token(client: ApiClient) -> str:
    response = await client.post("/api/tokens", json={"name": "jupyter"})
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


async def start_kernel(client: ApiClient, name: str = "python3") -> str:
    response = await client.post("/api/kernels", json={"name": name})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture
async def ours(tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    """Our server (a real process) and an API token of a user on it."""
    server = Server(tmp_path / "data", free_port())
    try:
        async with ApiClient(base_url=server.url) as c:
            await c.signup("gw", "a long enough password")
            token = (await c.post("/api/tokens", json={"name": "gateway"})).json()["token"]
        yield server.url, token
    finally:
        server.kill_all()
