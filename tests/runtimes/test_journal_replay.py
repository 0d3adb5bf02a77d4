"""SIGKILL the server while a cell prints: after the restart every line is in the document, in
order and once; the runtime is busy until the cell ends; a cell run meanwhile goes next."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from collaboratory.runtimes.local import socket_root
from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.servers import Server, free_port

LINES = 3000
# Halfway, the loop waits for a file the test writes: the runtime is surely still busy with it
# when the restarted server comes up, however slowly this machine runs.
LOOP = f"""\
import os, time
for i in range({LINES}):
    print(i, flush=True)
    time.sleep(0.002)
    while i == {LINES // 2} and not os.path.exists("/content/go"):
        time.sleep(0.05)
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    yield data
    for kernel_dir in socket_root(data).glob("*"):  # never leave a kernel behind
        subprocess.run(["pkill", "-9", "-f", str(kernel_dir)], check=False)
    shutil.rmtree(socket_root(data), ignore_errors=True)


def stream_text(cell: dict[str, Any]) -> str:
    return "".join("".join(o["text"]) for o in cell["outputs"] if o["output_type"] == "stream")


async def cells_of(c: ApiClient, nb_id: str) -> dict[str, dict[str, Any]]:
    response = await c.get(f"/api/notebooks/{nb_id}")
    assert response.status_code == 200, response.text
    return {cell["id"]: cell for cell in response.json()["cells"]}


def status(cell: dict[str, Any]) -> str | None:
    state = cell["metadata"].get("collaboratory", {}).get("execution", {})
    return state.get("status")


async def until(check: Any, seconds: float = 60) -> None:
    async with asyncio.timeout(seconds):  # a bound on failure only
        while not await check():
            await asyncio.sleep(0.1)


async def test_sigkill_mid_print_loop_loses_nothing(data_dir: Path) -> None:
    cells = [code_cell("loop", LOOP), code_cell("next", "print('after')")]
    first = Server(data_dir, free_port())
    try:
        async with ApiClient(base_url=first.url) as c:
            await c.signup("ada", "a long password")
            response = await c.upload("nb.ipynb", notebook_bytes(cells))
            assert response.status_code == 201, response.text
            nb_id = response.json()["id"]
            run = await c.post(f"/api/notebooks/{nb_id}/execute", json={"cell_ids": ["loop"]})
            assert run.status_code == 202, run.text

            async def printing() -> bool:
                return stream_text((await cells_of(c, nb_id))["loop"]).count("\n") >= 100

            await until(printing)
            [runtime] = (await c.get("/api/runtimes")).json()
    finally:
        first.kill()  # SIGKILL mid-loop; the kernel prints on with no server listening

    second = Server(data_dir, free_port())
    try:
        async with ApiClient(base_url=second.url) as c:
            await c.login("ada", "a long password")
            [again] = (await c.get("/api/runtimes")).json()
            assert again["id"] == runtime["id"] and again["state"] == "busy"
            assert status((await cells_of(c, nb_id))["loop"]) == "running"
            run = await c.post(f"/api/notebooks/{nb_id}/execute", json={"cell_ids": ["next"]})
            assert run.status_code == 202, run.text
            assert status((await cells_of(c, nb_id))["next"]) == "queued"
            (data_dir / "runtimes" / runtime["id"] / "content" / "go").touch()

            async def both_done() -> bool:
                found = await cells_of(c, nb_id)
                return status(found["loop"]) == "done" and status(found["next"]) == "done"

            await until(both_done)
            found = await cells_of(c, nb_id)
            assert stream_text(found["loop"]) == "".join(f"{i}\n" for i in range(LINES))
            assert stream_text(found["next"]) == "after\n"
            loop_state = found["loop"]["metadata"]["collaboratory"]["execution"]
            next_state = found["next"]["metadata"]["collaboratory"]["execution"]
            assert loop_state["ended_at"] <= next_state["started_at"]
            assert found["next"]["execution_count"] == found["loop"]["execution_count"] + 1

            async def ready() -> bool:
                [now] = (await c.get("/api/runtimes")).json()
                return bool(now["state"] == "ready")

            await until(ready)
    finally:
        second.kill_all()
