"""Runtimes on a real Jupyter Enterprise Gateway 3.x: our server drives the cells (no browser),
the gateway hosts the kernels."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.clients import ApiClient

from .conftest import Gateway, Ours, upload

PASSWORD = "a long enough password"


async def run(client: ApiClient, nb: str, *cells: str, seconds: float = 60) -> list[dict[str, Any]]:
    """Runs ``cells`` as the server does with no browser open; the cells once finished."""
    response = await client.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": list(cells)})
    assert response.status_code == 202, response.text
    return await finished(client, nb, *cells, seconds=seconds)


async def finished(
    client: ApiClient, nb: str, *cells: str, seconds: float = 60
) -> list[dict[str, Any]]:
    async with asyncio.timeout(seconds):
        while True:
            found = {c["id"]: c for c in (await client.get(f"/api/notebooks/{nb}")).json()["cells"]}
            if all(status(found[c]) in ("done", "error") for c in cells):
                return [found[c] for c in cells]
            await asyncio.sleep(0.1)


def status(cell: dict[str, Any]) -> str | None:
    execution = cell["metadata"].get("collaboratory", {}).get("execution", {})
    return execution.get("status") if isinstance(execution, dict) else None


def stdout(cell: dict[str, Any]) -> str:
    return "".join(o.get("text", "") for o in cell["outputs"] if o["output_type"] == "stream")


def error(cell: dict[str, Any]) -> str:
    return " ".join(
        f"{o['ename']}: {o['evalue']}" for o in cell["outputs"] if o["output_type"] == "error"
    )


async def printed(client: ApiClient, nb: str, cell: str, text: str) -> None:
    async with asyncio.timeout(60):
        while True:
            cells = (await client.get(f"/api/notebooks/{nb}")).json()["cells"]
            if any(c["id"] == cell and text in stdout(c) for c in cells):
                return
            await asyncio.sleep(0.05)


async def test_runs_interrupts_and_restarts_on_the_gateway(ours: Ours, gateway: Gateway) -> None:
    async with ApiClient(base_url=ours.server.url) as c:
        await c.signup("gw", PASSWORD)
        nb = await upload(
            c,
            "import os\nprint(6*7, os.environ['KERNEL_USERNAME'] != '')",
            "import time\nx = 1\nprint('sleeping', flush=True)\ntime.sleep(120)",
            "print(x)",
        )
        [cell] = await run(c, nb, "c0")
        assert stdout(cell) == "42 True\n", cell["outputs"]
        [runtime] = (await c.get("/api/runtimes")).json()
        assert [k["id"] for k in gateway.kernels()] == [runtime["kernel_id"]]  # KERNEL_ID kept
        usage = (await c.get(f"/api/runtimes/{runtime['id']}/usage")).json()
        assert usage["reported"] is False

        assert (await c.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["c1"]})).is_success
        await printed(c, nb, "c1", "sleeping")
        assert (await c.post(f"/api/runtimes/{runtime['id']}/interrupt")).status_code == 200
        [cell] = await finished(c, nb, "c1", seconds=30)
        assert "KeyboardInterrupt" in error(cell), cell["outputs"]
        [cell] = await run(c, nb, "c2")
        assert stdout(cell) == "1\n"  # the same kernel: x survived the interrupt

        assert (await c.post(f"/api/runtimes/{runtime['id']}/restart")).status_code == 200
        [cell] = await run(c, nb, "c2")
        assert error(cell) == "NameError: name 'x' is not defined", cell["outputs"]

        assert (await c.delete(f"/api/runtimes/{runtime['id']}")).status_code == 204
        assert gateway.kernels() == []


async def test_a_gpu_type_passes_kernel_gpus(ours: Ours, gateway: Gateway) -> None:
    async with ApiClient(base_url=ours.server.url) as c:
        await c.signup("gpu", PASSWORD)
        nb = await upload(c, "import os\nprint(os.environ.get('KERNEL_GPUS'))")
        body = {"notebook_id": nb, "runtime_type": "gpu"}
        response = await c.post("/api/runtimes", json=body)
        assert response.status_code == 201, response.text
        [cell] = await run(c, nb, "c0")
        assert stdout(cell) == "1\n", cell["outputs"]
        [kernel] = gateway.kernels()
        assert kernel["name"] == "python3-gpu"  # the type's kernelspec on the gateway


async def test_our_server_restarted_readopts_the_gateway_kernel(
    ours: Ours, gateway: Gateway
) -> None:
    async with ApiClient(base_url=ours.server.url) as c:
        await c.signup("re", PASSWORD)
        nb = await upload(c, "x = 41", "print(x + 1)")
        await run(c, nb, "c0")
        [runtime] = (await c.get("/api/runtimes")).json()
    ours.restart()
    async with ApiClient(base_url=ours.server.url) as c:
        await c.login("re", PASSWORD)
        [again] = (await c.get("/api/runtimes")).json()
        assert again["id"] == runtime["id"] and again["state"] == "ready"
        [cell] = await run(c, nb, "c1")
        assert stdout(cell) == "42\n", cell["outputs"]  # the same kernel, variables intact


async def test_a_gateway_killed_mid_run_gives_a_clear_error(ours: Ours, gateway: Gateway) -> None:
    async with ApiClient(base_url=ours.server.url) as c:
        await c.signup("down", PASSWORD)
        nb = await upload(c, "import time\nprint('started', flush=True)\ntime.sleep(120)", "1")
        assert (await c.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["c0"]})).is_success
        await printed(c, nb, "c0", "started")
        gateway.kill()
        [cell] = await finished(c, nb, "c0", seconds=30)
        assert "connection to the kernel was lost" in error(cell), cell["outputs"]
        [cell] = await run(c, nb, "c1", seconds=60)
        assert "gateway" in error(cell), cell["outputs"]  # says the gateway, never hangs


async def test_a_gateway_that_is_down_fails_a_connect_clearly(ours: Ours, gateway: Gateway) -> None:
    gateway.kill()
    async with ApiClient(base_url=ours.server.url) as c:
        await c.signup("nogw", PASSWORD)
        nb = await upload(c, "print(1)")
        response = await c.post("/api/runtimes", json={"notebook_id": nb})
        body = response.json()
        assert response.status_code == 201 and body["state"] == "dead", body
        assert "gateway" in body["error"] and "cannot be reached" in body["error"], body
        [cell] = await run(c, nb, "c0")
        assert "gateway" in error(cell), cell["outputs"]


async def test_a_failing_or_silent_gateway_kernel_is_told_not_hung(
    ours: Ours, gateway: Gateway
) -> None:
    async with ApiClient(base_url=ours.server.url) as c:
        await c.signup("bad", PASSWORD)
        nb = await upload(c, "print(1)")
        body = {"notebook_id": nb, "runtime_type": "broken"}
        runtime = (await c.post("/api/runtimes", json=body)).json()
        assert runtime["state"] == "dead", runtime
        assert "runtime gateway" in runtime["error"] and "failed (500)" in runtime["error"]
        assert (await c.delete(f"/api/runtimes/{runtime['id']}")).status_code == 204

        body = {"notebook_id": nb, "runtime_type": "silent"}
        runtime = (await c.post("/api/runtimes", json=body)).json()
        [cell] = await run(c, nb, "c0", seconds=90)
        assert "did not open the kernel's channels in time" in error(cell), cell["outputs"]
