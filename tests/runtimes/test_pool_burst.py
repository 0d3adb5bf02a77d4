"""A burst of new users: the pool grows after the first one and serves the next from warm
runtimes (real sandboxed kernels)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI

from collaboratory.runtimes.manager import RuntimeManager
from tests.clients import ApiClient
from tests.conftest import ClientFactory
from tests.runtimes.client import kernel_session
from tests.runtimes.test_pool import pool_filled
from tests.server.test_runtimes_api import connect, connection

BURST = 3
pytestmark = pytest.mark.parametrize(
    "settings_overrides",
    [
        {
            "runtimes": {
                "warm_pool_enabled": True,
                "types": {"cpu": {"name": "CPU", "warm_pool": 1, "warm_pool_max": BURST}},
            }
        }
    ],
)


async def guests(new_client: ClientFactory, count: int) -> list[ApiClient]:
    clients = [await new_client() for _ in range(count)]
    for c in clients:
        (await c.post("/api/auth/guest")).raise_for_status()
    return clients


async def burst(clients: list[ApiClient]) -> list[dict[str, Any]]:
    answers = await asyncio.gather(*(connect(c, "cpu") for c in clients))
    return [a.json() for a in answers]


async def test_a_second_burst_is_served_from_the_grown_pool(
    new_client: ClientFactory, app: FastAPI
) -> None:
    manager: RuntimeManager = app.state.services.runtimes
    await pool_filled(manager, "cpu", 1)
    warm = manager.pool.kernel_ids("cpu")
    first = await burst(await guests(new_client, BURST))
    assert [r["kernel_id"] in warm for r in first].count(True) == 1  # the others cold-started
    assert manager.pool.target("cpu") == BURST
    await pool_filled(manager, "cpu", BURST)  # the pool grew to what the burst asked for

    warm = manager.pool.kernel_ids("cpu")
    second = await burst(await guests(new_client, BURST))
    assert {r["kernel_id"] for r in second} == warm  # every one a warm runtime
    for runtime in second:
        async with kernel_session(await connection(app, runtime)) as k:
            assert await k.value("6*7") == "42"
    await pool_filled(manager, "cpu", BURST)  # and refills for a third
