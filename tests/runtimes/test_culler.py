"""Idle culling, maximum lifetime and death detection, each announced before or when it acts."""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI

from collaboratory.db import utcnow
from collaboratory.runtimes.culler import Culler
from collaboratory.runtimes.events import RuntimeEvent
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.runtimes.sandbox.procs import first_descendant_not_named
from tests.clients import ApiClient
from tests.runtimes.client import kernel_session
from tests.server.test_runtimes_api import connect, connection

SHORT = {
    "runtimes": {
        "cull_warning_seconds": 60,
        "types": {
            "cpu": {"name": "CPU", "idle_timeout_seconds": 300, "max_lifetime_seconds": 3600}
        },
    }
}
pytestmark = pytest.mark.parametrize("settings_overrides", [SHORT])


def parts(app: FastAPI) -> tuple[RuntimeManager, Culler, asyncio.Queue[RuntimeEvent]]:
    manager: RuntimeManager = app.state.services.runtimes
    return manager, app.state.services.culler, manager.events.subscribe()


def drain(events: asyncio.Queue[RuntimeEvent]) -> list[RuntimeEvent]:
    found = []
    while not events.empty():
        found.append(events.get_nowait())
    return found


async def test_idle_runtime_is_warned_then_reclaimed(alice: ApiClient, app: FastAPI) -> None:
    _, culler, events = parts(app)
    runtime = (await connect(alice)).json()
    drain(events)
    start = utcnow()
    await culler.sweep(start + timedelta(seconds=100))
    assert drain(events) == []  # idle, but not yet near the limit
    await culler.sweep(start + timedelta(seconds=250))
    [warning] = drain(events)
    assert warning.kind == "idle_warning" and "idle" in warning.message
    assert warning.runtime_id == runtime["id"] and warning.data["seconds_left"] <= 60
    await culler.sweep(start + timedelta(seconds=260))
    assert drain(events) == []  # warned once
    await culler.sweep(start + timedelta(seconds=301))
    kinds = [e.kind for e in drain(events)]
    assert "culled" in kinds
    assert (await alice.get(f"/api/runtimes/{runtime['id']}")).status_code == 404


async def test_busy_runtime_is_not_idle(alice: ApiClient, app: FastAPI) -> None:
    _, culler, events = parts(app)
    runtime = (await connect(alice)).json()
    app.state.services.kernels.note_activity(runtime["kernel_id"], "busy")
    later = utcnow() + timedelta(seconds=1000)
    await culler.sweep(later)
    assert (await alice.get(f"/api/runtimes/{runtime['id']}")).json()["state"] == "busy"
    app.state.services.kernels.note_activity(runtime["kernel_id"], "idle")  # idle from now on
    await culler.sweep(utcnow() + timedelta(seconds=250))
    assert [e.kind for e in drain(events)][-1] == "idle_warning"


async def test_max_lifetime_is_warned_then_enforced(alice: ApiClient, app: FastAPI) -> None:
    manager, culler, events = parts(app)
    runtime = (await connect(alice)).json()
    drain(events)
    held = manager.by_kernel_id(runtime["kernel_id"])
    assert held is not None
    expires = held.expires_at
    app.state.services.kernels.note_activity(runtime["kernel_id"], "busy")  # busy all along
    await culler.sweep(expires - timedelta(seconds=30))
    [warning] = drain(events)
    assert warning.kind == "lifetime_warning" and "maximum lifetime" in warning.message
    await culler.sweep(expires + timedelta(seconds=1))
    assert "culled" in [e.kind for e in drain(events)]
    assert (await alice.get("/api/runtimes")).json() == []


async def test_dead_kernel_is_detected_and_restartable(alice: ApiClient, app: FastAPI) -> None:
    manager, culler, events = parts(app)
    runtime: dict[str, Any] = (await connect(alice)).json()
    held = manager.by_kernel_id(runtime["kernel_id"])
    assert held is not None and held.kernel is not None
    sandbox = held.kernel.persisted_state()["provisioner"]["pid"]
    kernel_pid = first_descendant_not_named(sandbox, "bwrap")
    assert kernel_pid is not None
    os.kill(kernel_pid, signal.SIGKILL)  # as the out-of-memory killer would
    for _ in range(50):
        if not await held.kernel.is_alive():
            break
        await asyncio.sleep(0.1)
    await culler.sweep()
    died = [e for e in drain(events) if e.kind == "died"]
    assert died and died[0].message.startswith("Your session crashed for an unknown reason.")
    assert died[0].data["reason"] is None  # no limit was hit: no reason is made up
    assert (await alice.get(f"/api/runtimes/{runtime['id']}")).json()["state"] == "dead"
    restarted = await alice.post(f"/api/runtimes/{runtime['id']}/restart")
    assert restarted.status_code == 200 and restarted.json()["state"] == "ready"
    async with kernel_session(await connection(app, runtime)) as k:
        assert (await k.run("print('back')")).stdout == "back\n"
