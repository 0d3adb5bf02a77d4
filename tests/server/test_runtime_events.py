"""Runtime announcements reach connected clients as server-sent events, before culling."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from collaboratory.db import utcnow
from tests.clients import ApiClient, code_cell, notebook_bytes

SHORT = {
    "runtimes": {
        "cull_warning_seconds": 60,
        "types": {"cpu": {"name": "CPU", "idle_timeout_seconds": 300}},
    }
}


async def read_events(response: httpx.Response, kinds: set[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    kind = ""
    async for line in response.aiter_lines():
        if line.startswith("event: "):
            kind = line.removeprefix("event: ")
        elif line.startswith("data: "):
            found.append({"kind": kind, **json.loads(line.removeprefix("data: "))})
            if kind in kinds:
                return found
    return found


@pytest.mark.parametrize("settings_overrides", [SHORT])
async def test_idle_warning_then_culling_reach_the_owner_only(
    served: str, app: FastAPI, alice: ApiClient, bob: ApiClient
) -> None:
    token = (await alice.post("/api/tokens", json={"name": "sse"})).json()["token"]
    notebook = await alice.create("notebook")
    runtime = (await alice.post("/api/runtimes", json={"notebook_id": notebook["id"]})).json()
    await bob.create("notebook")
    culler = app.state.services.culler
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(base_url=served, headers=headers, timeout=30) as client,
        client.stream("GET", "/api/runtimes/events") as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")
        start = utcnow()
        reader = asyncio.create_task(read_events(response, {"culled"}))
        await asyncio.sleep(0.2)
        await culler.sweep(start + timedelta(seconds=250))
        await culler.sweep(start + timedelta(seconds=301))
        events = await asyncio.wait_for(reader, 10)
    kinds = [e["kind"] for e in events]
    assert kinds.index("idle_warning") < kinds.index("culled")  # warned first
    warning = events[kinds.index("idle_warning")]
    assert warning["runtime_id"] == runtime["id"] and "idle" in warning["message"]
    assert {e["runtime_id"] for e in events} == {runtime["id"]}


async def test_busy_and_idle_reach_the_meters_as_state_events(
    served: str, alice: ApiClient
) -> None:
    token = (await alice.post("/api/tokens", json={"name": "sse"})).json()["token"]
    upload = await alice.upload(
        "n.ipynb", notebook_bytes([code_cell("c", "import time; time.sleep(0.5)")])
    )
    nb = upload.json()["id"]
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(base_url=served, headers=headers, timeout=60) as client,
        client.stream("GET", "/api/runtimes/events") as response,
    ):

        async def until_ready_after_busy() -> list[str]:
            states: list[str] = []
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    state = json.loads(line.removeprefix("data: ")).get("state")
                    states += [state] if state else []
                if "busy" in states and states[-1] == "ready":
                    break
            return states

        reader = asyncio.create_task(until_ready_after_busy())
        await asyncio.sleep(0.2)
        assert (await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})).is_success
        states = await asyncio.wait_for(reader, 60)
    assert states[-2:] == ["busy", "ready"]
