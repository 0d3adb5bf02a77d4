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
            from_first = (await first.get("/api/runtimes")).json()  # as its holder reported
            assert [r["id"] for r in from_first] == [r["id"] for r in listed], from_first

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
    """The runtime moves mid-run: the running cell goes on, followed by the next holder."""
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


async def test_a_long_running_cell_moves_with_its_queue_and_nothing_runs_twice(
    on_gateway: Replicas, gateway: Gateway, database_url: str
) -> None:
    """A cell running longer than a requester waits: the holder lets go mid-run all the same
    (a request is never turned away because another replica is busy); the running cell ends
    with every line once, the cell queued behind it on the old holder runs next, then the
    new request's cell."""
    replicas = on_gateway
    loop = "import time\nfor i in range(24):\n print(f'line {i}', flush=True)\n time.sleep(.5)"
    async with ApiClient(base_url=replicas.url, timeout=60) as c:
        await c.signup("cy", PASSWORD)
        nb = await upload(
            c, loop, "runs = globals().get('runs', 0) + 1\nprint('queued', runs)", "print('last')"
        )
        async with on_replica(c, replicas, 0) as first, on_replica(c, replicas, 1) as second:
            response = await first.post(
                f"/api/notebooks/{nb}/execute", json={"cell_ids": ["c0", "c1"]}
            )
            assert response.status_code == 202, response.text
            await printed(c, nb, "c0", "line 1")
            [holder] = await lease_holders(database_url)
            await run(second, nb, "c2")  # accepted at once: no 503 runtime_busy
            assert await lease_holders(database_url) != [holder]
            cells = await finished(c, nb, "c0", "c1", "c2", seconds=90)
            assert [status(cell) for cell in cells] == ["done", "done", "done"], cells
            assert stdout(cells[0]) == "".join(f"line {i}\n" for i in range(24))
            assert stdout(cells[1]) == "queued 1\n", cells[1]["outputs"]
            assert stdout(cells[2]) == "last\n", cells[2]["outputs"]
            counts = [cell["execution_count"] for cell in cells]
            assert counts == sorted(counts) and len(set(counts)) == 3, counts
            assert len(gateway.kernels()) == 1


async def test_manage_sessions_lists_the_runtimes_of_every_replica_and_ends_them(
    on_gateway: Replicas, gateway: Gateway
) -> None:
    """Each replica lists the user's runtimes wherever they are driven; ending one that the
    other replica drives brings it over first."""
    replicas = on_gateway
    async with ApiClient(base_url=replicas.url, timeout=60) as c:
        await c.signup("dee", PASSWORD)
        one, two = await upload(c, "print(1)"), await upload(c, "print(2)")
        async with on_replica(c, replicas, 0) as first, on_replica(c, replicas, 1) as second:
            await run(first, one, "c0")
            await run(second, two, "c0")
            await finished(c, one, "c0", seconds=120)
            await finished(c, two, "c0", seconds=120)
            lists = [(await side.get("/api/runtimes")).json() for side in (first, second)]
            assert lists[0] == lists[1] or [r["id"] for r in lists[0]] == [
                r["id"] for r in lists[1]
            ], lists
            assert sorted(r["notebook_id"] for r in lists[0]) == sorted([one, two])
            assert {r["state"] for r in lists[1]} == {"ready"}, lists[1]
            [on_first] = [r for r in lists[1] if r["notebook_id"] == one]
            shown = (await second.get(f"/api/runtimes/{on_first['id']}")).json()
            assert shown["notebook_id"] == one and shown["state"] == "ready", shown
            usage = (await second.get(f"/api/runtimes/{on_first['id']}/usage")).json()
            assert usage["reported"] is False, usage  # the meters stay with the holder

            response = await second.delete(f"/api/runtimes/{on_first['id']}")
            assert response.status_code == 204, response.text
            for side in (first, second):
                listed = (await side.get("/api/runtimes")).json()
                assert [r["notebook_id"] for r in listed] == [two], listed
            assert len(gateway.kernels()) == 1
            missing = await first.get(f"/api/runtimes/{on_first['id']}")
            assert missing.status_code == 404, missing.text


async def test_output_in_flight_at_the_hand_over_is_kept(
    on_gateway: Replicas, gateway: Gateway
) -> None:
    """A cell printing fast while the runtime moves there and back: what the gateway had
    already sent to the old holder when it let go is read to the end of the close handshake
    and stored, and what follows the gateway keeps for the next holder, so every line is there
    once, in order. (The first cell runs as soon as the kernel is up, and the second move
    happens while it runs: both once cost a line, swallowed by the gateway's reconnect nudge.)
    """
    replicas = on_gateway
    fast = "import time\nfor i in range(3000):\n print(f'line {i}', flush=True)\n time.sleep(.003)"
    async with ApiClient(base_url=replicas.url, timeout=60) as c:
        await c.signup("eve", PASSWORD)
        nb = await upload(c, fast, "print('there')", "print('back')")
        async with on_replica(c, replicas, 0) as first, on_replica(c, replicas, 1) as second:
            await run(first, nb, "c0")
            await printed(c, nb, "c0", "line 300")
            await run(second, nb, "c1")
            await printed(c, nb, "c0", "line 1500")
            await run(first, nb, "c2")
            cells = await finished(c, nb, "c0", "c1", "c2", seconds=120)
            assert [status(cell) for cell in cells] == ["done"] * 3, cells
            lines = stdout(cells[0]).splitlines()
            missing = sorted(set(range(3000)) - {int(line.split()[1]) for line in lines})
            assert missing == [], f"{len(missing)} lines lost, from {missing[:5]}"
            assert lines == [f"line {i}" for i in range(3000)]
            assert [stdout(cell) for cell in cells[1:]] == ["there\n", "back\n"]
            assert len(gateway.kernels()) == 1
