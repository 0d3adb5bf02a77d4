"""The warm pool: Connect takes a started kernel, and the pool refills behind it."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI

from collaboratory.runtimes.manager import RuntimeManager
from tests.clients import ApiClient
from tests.runtimes.client import kernel_session
from tests.server.test_runtimes_api import connect, connection

pytestmark = pytest.mark.parametrize(
    "settings_overrides", [{"runtimes": {"warm_pool_enabled": True}}]
)


async def pool_filled(manager: RuntimeManager, type_id: str, size: int) -> None:
    # run alone, the test session's runtime image is built first: that takes a while
    for _ in range(2400):
        if manager.pool.size(type_id) >= size:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the {type_id} pool never reached {size}")


async def test_connect_takes_a_warm_runtime_and_the_pool_refills(
    alice: ApiClient, app: FastAPI
) -> None:
    manager: RuntimeManager = app.state.services.runtimes
    await pool_filled(manager, "cpu", 1)
    assert manager.pool.size("gpu") == 0  # accelerator types are never pre-started
    runtime = (await connect(alice)).json()
    assert runtime["state"] == "ready"
    assert manager.pool.size("cpu") == 0  # taken
    async with kernel_session(await connection(app, runtime)) as k:
        assert await k.value("6*7") == "42"
        assert await k.value("__import__('os').getcwd()") == "/content"
    await pool_filled(manager, "cpu", 1)  # refilled for the next user
    other = (await connect(alice, "cpu-highram")).json()  # no warm one of this type: cold start
    assert other["state"] == "ready" and other["id"] != runtime["id"]
