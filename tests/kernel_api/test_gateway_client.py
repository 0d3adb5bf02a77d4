"""A stock Jupyter Server started with --gateway-url uses our runtimes as its kernels."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.clients import ApiClient
from tests.kernel_api.wsclient import KernelSocket, stdout
from tests.runtimes.test_readopt import Server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


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
        server.kill()
        subprocess.run(["pkill", "-9", "-f", str(tmp_path / "data")], check=False)


@pytest.fixture
async def stock_jupyter(ours: tuple[str, str], tmp_path: Path) -> AsyncIterator[str]:
    url, token = ours
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "jupyter_server",
        f"--port={port}",
        "--no-browser",
        "--IdentityProvider.token=stock",
        f"--ServerApp.root_dir={tmp_path}",
        "--allow-root",
        f"--gateway-url={url}",
        f"--GatewayClient.auth_token={token}",
    ]
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jcfg"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jrt"),
    }
    log = (tmp_path / "jupyter.log").open("wb")
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as c:
            for _ in range(200):
                try:
                    if (await c.get(f"{base}/api/status?token=stock")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise AssertionError((tmp_path / "jupyter.log").read_text())
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()


async def test_stock_jupyter_server_runs_code_on_our_runtime(
    stock_jupyter: str, ours: tuple[str, str]
) -> None:
    auth = {"Authorization": "token stock"}
    async with httpx.AsyncClient(base_url=stock_jupyter, headers=auth, timeout=60) as c:
        specs = (await c.get("/api/kernelspecs")).json()
        assert specs["default"] == "python3" and "python3-gpu" in specs["kernelspecs"]
        kernel = (await c.post("/api/kernels", json={"name": "python3"})).json()
        ws_url = stock_jupyter.replace("http", "ws") + f"/api/kernels/{kernel['id']}/channels"
        async with KernelSocket.connect(ws_url, v1=False, headers=auth) as ks:
            reply, outputs = await ks.execute("print(6*7)")
        assert reply["content"]["status"] == "ok" and stdout(outputs) == "42\n"
        # The kernel is one of our runtimes, listed as such for its owner.
        url, token = ours
        async with httpx.AsyncClient(base_url=url) as direct:
            mine = await direct.get("/api/runtimes", headers={"Authorization": f"Bearer {token}"})
        assert [r["kernel_id"] for r in mine.json()] == [kernel["id"]]
        assert (await c.delete(f"/api/kernels/{kernel['id']}")).status_code == 204
