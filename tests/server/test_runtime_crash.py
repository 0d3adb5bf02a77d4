"""A runtime that runs out of memory (or processes, or disk) says so, as Colab does: in the
cell, in the runtime's JSON and in its event."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from collaboratory.runtimes.crash import CRASH_ENAME, OOM
from collaboratory.runtimes.sandbox import default_limiter
from tests.clients import ApiClient, code_cell
from tests.server.test_execute_api import settled, uploaded

SMALL = {
    "runtimes": {
        "types": {
            "cpu": {"name": "CPU", "memory_mb": 192, "pids": 48},
            "cpu-highram": {"name": "CPU (High-RAM)", "memory_mb": 1024},
        }
    }
}
HOG = "hog = bytearray(1024 * 1024 * 1024)\nhog[:] = b'1' * len(hog)\nprint('allocated')"
BOMB = """
import subprocess
procs = []
try:
    for _ in range(500):
        procs.append(subprocess.Popen(["sleep", "30"]))
finally:
    for p in procs:
        p.kill()
        p.wait()
"""


async def first_event(response: httpx.Response, kind: str) -> dict[str, Any]:
    current = ""
    async for line in response.aiter_lines():
        if line.startswith("event: "):
            current = line.removeprefix("event: ")
        elif line.startswith("data: ") and current == kind:
            found: dict[str, Any] = json.loads(line.removeprefix("data: "))
            return found
    raise AssertionError(f"the stream ended before a {kind} event")


@pytest.mark.parametrize("settings_overrides", [SMALL])
async def test_an_oom_kill_is_explained_in_the_cell_the_runtime_and_the_event(
    served: str, app: FastAPI, alice: ApiClient
) -> None:
    if "memory" not in default_limiter().enforces():
        pytest.skip(f"no cgroup limits memory here ({default_limiter().describe()})")
    token = (await alice.post("/api/tokens", json={"name": "sse"})).json()["token"]
    nb = await uploaded(alice, code_cell("hog", HOG), code_cell("after", "print('never')"))
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(base_url=served, headers=headers, timeout=120) as client,
        client.stream("GET", "/api/runtimes/events") as response,
    ):
        reader = asyncio.create_task(first_event(response, "died"))
        await asyncio.sleep(0.2)
        assert (await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})).is_success
        died = await asyncio.wait_for(reader, 120)
    assert died["reason"] == "oom", died
    assert died["message"].startswith(f"{OOM} This runtime has 192 MB of RAM.")
    assert "Runtime › Change runtime type › CPU (High-RAM)" in died["message"]

    cell = await settled(alice, nb, "hog")
    assert cell["metadata"]["collaboratory"]["execution"]["status"] == "error"
    [error] = [o for o in cell["outputs"] if o["output_type"] == "error"]
    assert error["ename"] == CRASH_ENAME and error["evalue"] == died["message"]
    assert all("allocated" not in str(o) for o in cell["outputs"])
    after = (await alice.get(f"/api/notebooks/{nb}")).json()["cells"][1]
    assert after["outputs"] == []  # the cells after it never ran

    [runtime] = (await alice.get("/api/runtimes")).json()
    assert runtime["state"] == "dead" and runtime["reason"] == "oom"
    assert runtime["error"] == died["message"]
    restarted = await alice.post(f"/api/runtimes/{runtime['id']}/restart")
    assert restarted.status_code == 200, restarted.text
    assert restarted.json()["state"] == "ready" and restarted.json()["reason"] is None


@pytest.mark.parametrize("settings_overrides", [SMALL])
async def test_the_pids_limit_and_a_full_disk_get_a_note_in_the_cell(alice: ApiClient) -> None:
    if "pids" not in default_limiter().enforces():
        pytest.skip(f"no cgroup limits processes here ({default_limiter().describe()})")
    disk = "raise OSError(28, 'No space left on device')"
    nb = await uploaded(alice, code_cell("bomb", BOMB), code_cell("disk", disk))
    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["bomb"]})
    cell = await settled(alice, nb, "bomb")
    [error] = [o for o in cell["outputs"] if o["output_type"] == "error"]
    assert error["ename"] == "BlockingIOError"
    notes = [o["text"] for o in cell["outputs"] if o.get("name") == "stderr"]
    assert any("reached its limit of 48 processes and threads" in n for n in notes), cell
    [runtime] = (await alice.get("/api/runtimes")).json()
    assert runtime["state"] == "ready" and runtime["reason"] is None  # the kernel survived

    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["disk"]})
    cell = await settled(alice, nb, "disk")
    notes = [o["text"] for o in cell["outputs"] if o.get("name") == "stderr"]
    assert any("Your runtime's disk is full" in n and "/content" in n for n in notes), cell


async def test_an_unexplained_death_says_so_without_guessing(
    alice: ApiClient, app: FastAPI
) -> None:
    nb = await uploaded(alice, code_cell("a", "import os, signal; os.kill(os.getpid(), 9)"))
    await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})
    cell = await settled(alice, nb, "a")
    [error] = [o for o in cell["outputs"] if o["output_type"] == "error"]
    assert error["evalue"].startswith("Your session crashed for an unknown reason.")
    [runtime] = (await alice.get("/api/runtimes")).json()
    assert runtime["state"] == "dead" and runtime["reason"] is None
