"""Runtimes over HTTP with real sandboxed kernels: connect, run, limits, operations."""

from __future__ import annotations

import asyncio
import base64
import gc
from typing import Any

import pytest
from fastapi import FastAPI

from collaboratory.runtimes.manager import RuntimeManager
from tests.clients import ApiClient, error_of
from tests.runtimes.client import kernel_session
from tests.runtimes.wheels import tiny_wheel


def manager(app: FastAPI) -> RuntimeManager:
    runtimes: RuntimeManager = app.state.services.runtimes
    return runtimes


async def connection(app: FastAPI, runtime: dict[str, Any]) -> dict[str, Any]:
    """The kernel's connection info, once it has started (a loaded machine may take a while)."""
    held = manager(app).by_kernel_id(runtime["kernel_id"])
    assert held is not None
    await manager(app).wait_until_started(held, 120)
    assert held.kernel is not None, held.error
    return held.kernel.connection_info()


async def connect(client: ApiClient, runtime_type: str | None = None, **extra: Any) -> Any:
    notebook = await client.create("notebook")
    body = {"notebook_id": notebook["id"], **extra}
    if runtime_type:
        body["runtime_type"] = runtime_type
    return await client.post("/api/runtimes", json=body)


async def test_runtime_types_list_availability(alice: ApiClient) -> None:
    types = {t["id"]: t for t in (await alice.get("/api/runtime-types")).json()}
    assert set(types) >= {"cpu", "gpu", "tpu", "cpu-highram", "gpu-highram", "tpu-highram"}
    assert types["cpu"]["available"] and types["cpu"]["kernelspec"] == "python3"
    assert types["gpu"]["kernelspec"] == "python3-gpu"
    assert not types["gpu"]["available"] and "no GPU" in types["gpu"]["reason"]
    assert (await connect(alice, "gpu")).status_code == 409


async def test_connect_runs_code_and_sees_no_gpu(alice: ApiClient, app: FastAPI) -> None:
    response = await connect(alice)
    assert response.status_code == 201, response.text
    runtime = response.json()
    assert runtime["state"] == "ready" and runtime["runtime_type"] == "cpu"
    assert runtime["accelerator"] is None
    async with kernel_session(await connection(app, runtime)) as k:
        assert (await k.run("print(6*7)")).stdout == "42\n"
        assert await k.value("repr(__import__('os').environ['CUDA_VISIBLE_DEVICES'])") == "''"
        assert await k.value("__import__('glob').glob('/dev/nvidia*')") == "[]"
        assert await k.value("__import__('os').getcwd()") == "/content"
    listed = (await alice.get("/api/runtimes")).json()
    assert [r["id"] for r in listed] == [runtime["id"]]
    usage = (await alice.get(f"/api/runtimes/{runtime['id']}/usage")).json()
    assert usage["memory_bytes"] > 10 * 1024 * 1024
    assert usage["memory_limit_bytes"] == 4096 * 1024 * 1024


async def test_connect_twice_is_the_same_runtime_and_type_change_replaces(
    alice: ApiClient,
) -> None:
    notebook = await alice.create("notebook")
    body = {"notebook_id": notebook["id"]}
    first = (await alice.post("/api/runtimes", json=body)).json()
    again = (await alice.post("/api/runtimes", json=body)).json()
    assert again["id"] == first["id"]
    body["runtime_type"] = "cpu-highram"
    changed = (await alice.post("/api/runtimes", json=body)).json()
    assert changed["id"] != first["id"] and changed["runtime_type"] == "cpu-highram"
    assert (await alice.get(f"/api/runtimes/{first['id']}")).status_code == 404


async def test_simultaneous_connects_give_one_runtime_and_leave_no_lock(
    alice: ApiClient, app: FastAPI
) -> None:
    notebook = await alice.create("notebook")
    body = {"notebook_id": notebook["id"]}
    answers = await asyncio.gather(*(alice.post("/api/runtimes", json=body) for _ in range(3)))
    assert len({answer.json()["id"] for answer in answers}) == 1
    gc.collect()
    assert dict(manager(app)._user_locks) == {}  # a user's lock lives only while it is used


async def test_bad_connect_requests(alice: ApiClient, bob: ApiClient) -> None:
    unknown = await connect(alice, "quantum")
    assert unknown.status_code == 400 and "cpu" in error_of(unknown)["message"]
    folder = await alice.create("folder", "F")
    not_nb = await alice.post("/api/runtimes", json={"notebook_id": folder["id"]})
    assert not_nb.status_code == 404
    bobs = await bob.create("notebook")
    theirs = await alice.post("/api/runtimes", json={"notebook_id": bobs["id"]})
    assert theirs.status_code == 404


@pytest.mark.parametrize("settings_overrides", [{"runtimes": {"max_runtimes_per_user": 1}}])
async def test_per_user_runtime_limit_is_429(alice: ApiClient, bob: ApiClient) -> None:
    assert (await connect(alice)).status_code == 201
    second = await connect(alice)
    assert second.status_code == 429 and error_of(second)["code"] == "runtime_limit"
    assert (await connect(bob)).status_code == 201  # a limit per user, not global


async def test_other_users_runtimes_are_404(alice: ApiClient, bob: ApiClient) -> None:
    runtime = (await connect(alice)).json()
    for method, suffix in [
        ("GET", ""),
        ("DELETE", ""),
        ("POST", "/interrupt"),
        ("POST", "/restart"),
        ("POST", "/reset"),
        ("GET", "/usage"),
    ]:
        response = await bob.request(method, f"/api/runtimes/{runtime['id']}{suffix}")
        assert response.status_code == 404, (method, suffix)
    assert (await bob.get("/api/runtimes")).json() == []
    assert (await alice.get(f"/api/runtimes/{runtime['id']}")).json()["state"] == "ready"


async def test_interrupt_stops_an_endless_loop(alice: ApiClient, app: FastAPI) -> None:
    runtime = (await connect(alice)).json()
    async with kernel_session(await connection(app, runtime)) as k:
        running = asyncio.create_task(k.run("while True: pass", seconds=30))
        await asyncio.sleep(1.0)
        assert (await alice.post(f"/api/runtimes/{runtime['id']}/interrupt")).status_code == 200
        out = await running
        assert out.error is not None and "KeyboardInterrupt" in out.error
        assert (await k.run("print('still here')")).stdout == "still here\n"


async def test_restart_keeps_pip_packages_and_reset_does_not(
    alice: ApiClient, app: FastAPI
) -> None:
    runtime = (await connect(alice)).json()
    wheel = base64.b64encode(tiny_wheel()).decode()
    async with kernel_session(await connection(app, runtime)) as k:
        path = "/content/tinypkg-0.1-py3-none-any.whl"
        await k.run(f"import base64; open({path!r}, 'wb').write(base64.b64decode({wheel!r}))")
        installed = await k.run(f"%pip install -q --no-index {path}")
        assert installed.error is None, installed
        assert await k.value("__import__('tinypkg').VALUE") == "42"
        await k.run("x = 'kept in memory'")
    assert (await alice.post(f"/api/runtimes/{runtime['id']}/restart")).status_code == 200
    async with kernel_session(await connection(app, runtime)) as k:
        assert await k.value("__import__('tinypkg').VALUE") == "42"  # survives a restart
        assert (await k.run("print(x)")).error == "NameError: name 'x' is not defined"
    assert (await alice.post(f"/api/runtimes/{runtime['id']}/reset")).status_code == 200
    async with kernel_session(await connection(app, runtime)) as k:
        gone = await k.run("import tinypkg")
        assert gone.error is not None and "ModuleNotFoundError" in gone.error
        listing = "[n for n in __import__('os').listdir('/content') if not n.startswith('.')]"
        assert await k.value(listing) == "[]"
        assert await k.value("__import__('os').listdir('/content/.packages')") == "[]"


async def test_delete_stops_the_kernel(alice: ApiClient, app: FastAPI) -> None:
    runtime = (await connect(alice)).json()
    held = manager(app).by_kernel_id(runtime["kernel_id"])
    assert held is not None and held.kernel is not None
    kernel = held.kernel
    assert (await alice.delete(f"/api/runtimes/{runtime['id']}")).status_code == 204
    assert not await kernel.is_alive()
    assert (await alice.get("/api/runtimes")).json() == []


async def test_runtimes_see_neither_server_data_nor_each_other(
    alice: ApiClient, bob: ApiClient, app: FastAPI
) -> None:
    settings = app.state.services.settings
    mine = (await connect(alice)).json()
    theirs = (await connect(bob)).json()
    theirs_content = settings.data_dir / "runtimes" / theirs["id"] / "content"
    (theirs_content / "secret.txt").write_text("bob's data")
    wheel = base64.b64encode(tiny_wheel("onlyhere")).decode()
    async with kernel_session(await connection(app, theirs)) as k:
        path = "/content/onlyhere-0.1-py3-none-any.whl"
        await k.run(f"import base64; open({path!r}, 'wb').write(base64.b64decode({wheel!r}))")
        assert (await k.run(f"%pip install -q --no-index {path}")).error is None
        assert await k.value("__import__('onlyhere').VALUE") == "42"
    probes = [str(settings.data_dir / "collaboratory.db"), str(theirs_content / "secret.txt")]
    async with kernel_session(await connection(app, mine)) as k:
        for probe in probes:
            out = await k.run(f"open({probe!r}).read()")
            assert out.error is not None and "FileNotFoundError" in out.error, (probe, out)
        assert await k.value(
            "__import__('os').path.exists(" + repr(str(settings.data_dir)) + ")"
        ) in (
            "False",
            "True",  # an empty mount point may exist on the way to the runtime environment
        )
        listing = await k.run(f"print(__import__('os').listdir({str(settings.data_dir)!r}))")
        assert "collaboratory.db" not in listing.stdout
        gone = await k.run("import onlyhere")
        assert gone.error is not None and "ModuleNotFoundError" in gone.error
