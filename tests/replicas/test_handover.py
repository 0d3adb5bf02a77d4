"""A notebook's runtime follows its requests between replicas (no sticky routing): the replica
a request reaches asks the holder for the runtime, and adopts the same gateway kernel."""

from __future__ import annotations

from tests.clients import ApiClient
from tests.replicas.conftest import Replicas
from tests.replicas.nginx import REPLICA_HEADER
from tests.replicas.test_runtimes import PASSWORD, lease_holders, on_gateway
from tests.runtimes.gateway.conftest import Gateway, gateway, upload
from tests.runtimes.gateway.test_gateway_runtimes import finished, printed, status, stdout

__all__ = ["gateway", "on_gateway"]  # the fixtures, used by name


def on_replica(c: ApiClient, replicas: Replicas, index: int) -> ApiClient:
    """The signed-in user of ``c``, talking to one replica straight (as round robin may)."""
    return ApiClient(base_url=replicas.servers[index].url, cookies=c.cookies, timeout=60)


async def run(c: ApiClient, nb: str, cell: str) -> None:
    response = await c.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": [cell]})
    assert response.status_code == 202, response.text


async def test_the_next_cell_runs_on_the_same_kernel_through_another_replica(
    on_gateway: Replicas, gateway: Gateway, database_url: str
) -> None:
    replicas = on_gateway
    async with ApiClient(base_url=replicas.url, timeout=60) as c:
        await c.signup("ada", PASSWORD)
        nb = await upload(c, "x = 41", "print(x + 1)", "print(x + 2)")
        async with on_replica(c, replicas, 0) as first, on_replica(c, replicas, 1) as second:
            await run(first, nb, "c0")
            [cell] = await finished(c, nb, "c0", seconds=120)
            assert status(cell) == "done", cell
            [kernel] = gateway.kernels()
            [holder] = await lease_holders(database_url)

            await run(second, nb, "c1")
            [cell] = await finished(c, nb, "c1", seconds=60)
            assert stdout(cell) == "42\n", cell["outputs"]  # the same kernel, x kept
            assert [k["id"] for k in gateway.kernels()] == [kernel["id"]]
            assert await lease_holders(database_url) != [holder]  # the second replica's now
            listed = (await second.get("/api/runtimes")).json()
            assert [r["state"] for r in listed] == ["ready"]
            assert (await first.get("/api/runtimes")).json() == []

            # And back, through the load balancer's round robin: whichever replica takes it.
            response = await c.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["c2"]})
            assert response.status_code == 202, response.text
            assert response.headers[REPLICA_HEADER]
            [cell] = await finished(c, nb, "c2", seconds=60)
            assert stdout(cell) == "43\n", cell["outputs"]
            assert [k["id"] for k in gateway.kernels()] == [kernel["id"]]


async def test_a_running_cell_keeps_its_outputs_and_the_next_waits_for_it(
    on_gateway: Replicas, gateway: Gateway
) -> None:
    """The holder hands the runtime over once the running cell is done (within the wait)."""
    replicas = on_gateway
    loop = "import time\nfor i in range(8):\n print(f'line {i}', flush=True)\n time.sleep(.5)"
    async with ApiClient(base_url=replicas.url, timeout=60) as c:
        await c.signup("bea", PASSWORD)
        nb = await upload(c, "x = 41", loop, "print(x + 1)")
        async with on_replica(c, replicas, 0) as first, on_replica(c, replicas, 1) as second:
            await run(first, nb, "c0")
            await finished(c, nb, "c0", seconds=120)
            await run(first, nb, "c1")
            await printed(c, nb, "c1", "line 1")
            await run(second, nb, "c2")
            cells = await finished(c, nb, "c1", "c2", seconds=60)
            assert [status(cell) for cell in cells] == ["done", "done"], cells
            assert stdout(cells[0]) == "".join(f"line {i}\n" for i in range(8))
            assert stdout(cells[1]) == "42\n", cells[1]["outputs"]
            assert len(gateway.kernels()) == 1


async def test_a_runtime_busy_past_the_wait_is_a_503_to_try_again(
    on_gateway: Replicas, gateway: Gateway
) -> None:
    replicas = on_gateway
    loop = "import time\nfor i in range(30):\n print(f'line {i}', flush=True)\n time.sleep(.5)"
    async with ApiClient(base_url=replicas.url, timeout=60) as c:
        await c.signup("cy", PASSWORD)
        nb = await upload(c, loop)
        async with on_replica(c, replicas, 0) as first, on_replica(c, replicas, 1) as second:
            await run(first, nb, "c0")
            await printed(c, nb, "c0", "line 1")
            response = await second.post("/api/runtimes", json={"notebook_id": nb})
            assert response.status_code == 503, response.text
            assert response.json()["error"]["code"] == "runtime_busy"
            assert "try again" in response.json()["error"]["message"]
            [cell] = await finished(c, nb, "c0", seconds=60)
            assert stdout(cell) == "".join(f"line {i}\n" for i in range(30))
            assert len(gateway.kernels()) == 1
