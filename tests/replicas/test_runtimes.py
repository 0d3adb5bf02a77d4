"""Runtimes on a real Enterprise Gateway behind two replicas: one replica drives a runtime at
a time, and when it is SIGKILLed the other takes the runtime over, variables and all."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest

from tests.clients import ApiClient
from tests.replicas.conftest import Replicas, start_replicas
from tests.replicas.nginx import REPLICA_HEADER
from tests.runtimes.gateway.conftest import Gateway, gateway, gateway_config, upload
from tests.runtimes.gateway.test_gateway_runtimes import finished, printed, status, stdout

__all__ = ["gateway"]  # the fixture, used by name

PASSWORD = "a long enough password"


@pytest.fixture
async def on_gateway(
    tmp_path: Path, database_url: str, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Replicas]:
    monkeypatch.setenv("COLLABORATORY_DATABASE_URL", database_url)
    config = gateway_config(tmp_path / "collaboratory.toml", gateway)
    async with start_replicas(tmp_path / "data", database_url, config) as replicas:
        yield replicas


async def lease_holders(database_url: str) -> list[str]:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        return [row["holder"] for row in await conn.fetch("SELECT holder FROM runtime_leases")]
    finally:
        await conn.close()


async def execute(c: ApiClient, nb: str, cell: str) -> str:
    """Runs a cell through the load balancer; the replica that took the request."""
    response = await c.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": [cell]})
    assert response.status_code == 202, response.text
    return str(response.headers[REPLICA_HEADER]).split(", ")[-1]


async def runtimes_listed(c: ApiClient) -> list[dict[str, Any]]:
    response = await c.get("/api/runtimes")
    assert response.status_code == 200, response.text
    runtimes: list[dict[str, Any]] = response.json()
    return runtimes


async def test_a_surviving_replica_takes_the_gateway_runtime_over(
    on_gateway: Replicas, gateway: Gateway, database_url: str
) -> None:
    replicas = on_gateway
    async with ApiClient(base_url=replicas.url, timeout=60) as c:
        await c.signup("ada", PASSWORD)
        nb = await upload(c, "x = 41", "print(x + 1)")
        holder = await execute(c, nb, "c0")
        [cell] = await finished(c, nb, "c0", seconds=120)
        assert cell["outputs"] == [], cell
        [kernel] = gateway.kernels()
        [dead] = await lease_holders(database_url)  # one replica drives it

        replicas.by_address(holder).kill()
        # Once the dead replica's lease lapses, the survivor adopts the same gateway kernel.
        async with asyncio.timeout(90):
            while await lease_holders(database_url) in ([dead], []):
                await asyncio.sleep(0.5)
        [listed] = await runtimes_listed(c)
        assert listed["state"] == "ready", listed
        assert [k["id"] for k in gateway.kernels()] == [kernel["id"]]  # not a second kernel
        assert await execute(c, nb, "c1") != holder
        [cell] = await finished(c, nb, "c1", seconds=120)
        assert stdout(cell) == "42\n", cell["outputs"]  # the same kernel, variables intact


async def test_a_cell_running_when_its_replica_dies_finishes_with_every_output(
    on_gateway: Replicas, gateway: Gateway
) -> None:
    replicas = on_gateway
    loop = "import time\nfor i in range(30):\n print(f'line {i}', flush=True)\n time.sleep(.5)"
    async with ApiClient(base_url=replicas.url, timeout=60) as c:
        await c.signup("bea", PASSWORD)
        nb = await upload(c, loop)
        holder = await execute(c, nb, "c0")
        await printed(c, nb, "c0", "line 2")
        replicas.by_address(holder).kill()

        # The survivor takes the runtime over, follows the cell, and gets from the gateway
        # what the kernel printed while no replica listened.
        [cell] = await finished(c, nb, "c0", seconds=180)
        assert status(cell) == "done", cell
        assert stdout(cell) == "".join(f"line {i}\n" for i in range(30)), cell["outputs"]
        assert len(gateway.kernels()) == 1  # the same kernel: the cell ran once
