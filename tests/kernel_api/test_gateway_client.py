"""A stock Jupyter Server started with --gateway-url uses our runtimes as its kernels."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.kernel_api.wsclient import KernelSocket, stdout
from tests.servers import stock_jupyter_server


@pytest.fixture
async def stock_jupyter(ours: tuple[str, str], tmp_path: Path) -> AsyncIterator[str]:
    url, token = ours
    gateway = (f"--gateway-url={url}", f"--GatewayClient.auth_token={token}")
    async with stock_jupyter_server(tmp_path, "stock", *gateway) as base:
        yield base


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
