"""GPU runtimes from a static inventory of two: exclusive devices, a fair queue, fail-fast."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI

from tests.clients import ApiClient, error_of
from tests.conftest import ClientFactory
from tests.runtimes.client import kernel_session
from tests.server.test_runtimes_api import connect, connection

pytestmark = pytest.mark.parametrize(
    "settings_overrides",
    [{"accelerators": {"gpu": ["0", "1"]}, "runtimes": {"max_accelerators_per_user": 2}}],
)


async def wait_for_state(client: ApiClient, runtime_id: str, state: str) -> dict[str, Any]:
    for _ in range(300):
        runtime: dict[str, Any] = (await client.get(f"/api/runtimes/{runtime_id}")).json()
        if runtime["state"] == state:
            return runtime
        await asyncio.sleep(0.1)
    raise AssertionError(f"runtime {runtime_id} never became {state}: {runtime}")


async def test_two_gpus_three_requests(
    alice: ApiClient, new_client: ClientFactory, app: FastAPI
) -> None:
    first = (await connect(alice, "gpu")).json()
    second = (await connect(alice, "gpu")).json()
    devices = {
        first["accelerator"]["cuda_visible_devices"],
        second["accelerator"]["cuda_visible_devices"],
    }
    assert devices == {"0", "1"}
    for runtime in (first, second):
        async with kernel_session(await connection(app, runtime)) as k:
            seen = await k.value("__import__('os').environ['CUDA_VISIBLE_DEVICES']")
            assert seen == runtime["accelerator"]["cuda_visible_devices"]

    carol = await new_client()
    await carol.signup("carol", "a long enough password")
    types = {t["id"]: t for t in (await carol.get("/api/runtime-types")).json()}
    assert types["gpu"]["available"] and types["gpu"]["free"] == 0
    assert "in use" in types["gpu"]["reason"]
    fail_fast = await connect(carol, "gpu", wait=False)
    assert fail_fast.status_code == 409
    assert "No GPU is available now" in error_of(fail_fast)["message"]

    queued = await connect(carol, "gpu")
    assert queued.status_code == 202
    third = queued.json()
    assert third["state"] == "queued" and third["queue_position"] == 1

    assert (await alice.delete(f"/api/runtimes/{first['id']}")).status_code == 204
    ready = await wait_for_state(carol, third["id"], "ready")
    assert (
        ready["accelerator"]["cuda_visible_devices"] == first["accelerator"]["cuda_visible_devices"]
    )
    async with kernel_session(await connection(app, ready)) as k:
        assert (
            await k.value("__import__('os').environ['CUDA_VISIBLE_DEVICES']")
            == (first["accelerator"]["cuda_visible_devices"])
        )


async def test_usage_lists_the_runtimes_gpus(alice: ApiClient) -> None:
    runtime = (await connect(alice, "gpu")).json()
    usage = (await alice.get(f"/api/runtimes/{runtime['id']}/usage")).json()
    [gpu] = usage["gpus"]
    assert gpu["id"] == runtime["accelerator"]["devices"][0]
    assert gpu["utilization_percent"] is None  # no NVIDIA driver on this machine


async def test_per_user_accelerator_limit(alice: ApiClient, app: FastAPI) -> None:
    app.state.services.runtimes.allocator._max_per_user = 1
    assert (await connect(alice, "gpu")).status_code == 201
    over = await connect(alice, "gpu")
    assert over.status_code == 429 and error_of(over)["code"] == "accelerator_limit"


async def test_deleting_a_queued_runtime_leaves_the_queue(alice: ApiClient, bob: ApiClient) -> None:
    for _ in range(2):
        assert (await connect(alice, "gpu")).status_code == 201
    queued = (await connect(bob, "gpu")).json()
    assert queued["queue_position"] == 1
    assert (await bob.delete(f"/api/runtimes/{queued['id']}")).status_code == 204
    types = {t["id"]: t for t in (await bob.get("/api/runtime-types")).json()}
    assert "0 request(s) waiting" in types["gpu"]["reason"]
