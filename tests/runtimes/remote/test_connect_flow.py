"""``collaboratory connect`` as a real process against a real server: no browser, a cut link."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.runtimes.remote.link_proxy import LinkProxy
from tests.servers import Server, free_port

LOOP = "import time\nfor i in range(10):\n    print('line', i, flush=True)\n    time.sleep(1)"
PASSWORD = "correct horse battery"


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    running = Server(tmp_path / "data", free_port(), start_seconds=120)  # a loaded machine
    try:
        yield running
    finally:
        running.kill_all()


async def user(server: Server, name: str) -> tuple[ApiClient, str]:
    client = ApiClient(base_url=server.url, timeout=30)
    await client.signup(name, PASSWORD)
    response = await client.post("/api/tokens", json={"name": "laptop"})
    assert response.status_code == 201, response.text
    return client, str(response.json()["token"])


def start_laptop(url: str, token: str, cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "COLLABORATORY_URL": url, "COLLABORATORY_TOKEN": token}
    argv = [sys.executable, "-m", "collaboratory", "connect", "--name", "laptop", "--cwd", str(cwd)]
    with log.open("wb") as out:
        return subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)


async def until(check: Any, seconds: float = 60) -> Any:
    async with asyncio.timeout(seconds):
        while not (found := await check()):
            await asyncio.sleep(0.2)
    return found


async def follow_events(client: ApiClient, seen: list[dict[str, Any]]) -> None:
    async with client.stream("GET", "/api/runtimes/events", timeout=None) as response:
        kind = ""
        async for line in response.aiter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                seen.append({"kind": kind, **json.loads(line[6:])})


def printed(notebook: dict[str, Any], cell_id: str) -> list[str]:
    cell = next(c for c in notebook["cells"] if c["id"] == cell_id)
    text = "".join(
        "".join(o["text"]) if isinstance(o["text"], list) else o["text"]
        for o in cell["outputs"]
        if o["output_type"] == "stream"
    )
    return text.splitlines()


async def test_a_notebook_runs_on_the_machine_through_a_cut_link(
    server: Server, tmp_path: Path
) -> None:
    alice, token = await user(server, "alice")
    bob, _ = await user(server, "bob")
    proxy = await LinkProxy(int(server.url.rsplit(":", 1)[1])).start()
    log = tmp_path / "connect.log"
    laptop = start_laptop(proxy.url, token, tmp_path, log)
    events: list[dict[str, Any]] = []
    watcher = asyncio.create_task(follow_events(alice, events))
    try:

        async def my_machine() -> bool:
            types = (await alice.get("/api/runtime-types")).json()
            return any(t["id"] == "machine-laptop" for t in types)

        await until(my_machine, 90)
        # another user's picker never lists it, and they cannot start a runtime on it
        bobs_types = (await bob.get("/api/runtime-types")).json()
        assert all(t["id"] != "machine-laptop" for t in bobs_types)
        upload = await alice.upload("loop.ipynb", notebook_bytes([code_cell("loop", LOOP)]))
        notebook_id = upload.json()["id"]
        body = {"notebook_id": notebook_id, "runtime_type": "machine-laptop"}
        response = await alice.post("/api/runtimes", json=body)
        assert response.status_code == 201, response.text
        runtime = response.json()
        assert runtime["state"] == "ready", runtime
        shared = await bob.upload("b.ipynb", notebook_bytes())
        body = {"notebook_id": shared.json()["id"], "runtime_type": "machine-laptop"}
        refused = await bob.post("/api/runtimes", json=body)
        assert refused.status_code == 400, refused.text

        # No browser at all: the run is asked over the API and the server drives the kernel.
        run = {"cell_ids": ["loop"]}
        response = await alice.post(f"/api/notebooks/{notebook_id}/execute", json=run)
        assert response.status_code in (200, 202), response.text

        async def some_lines() -> bool:
            nb = (await alice.get(f"/api/notebooks/{notebook_id}")).json()
            return len(printed(nb, "loop")) >= 2

        await until(some_lines, 90)
        await proxy.cut(3.0)  # mid-run: the link drops and stays down for 3 s

        async def finished() -> dict[str, Any] | None:
            nb: dict[str, Any] = (await alice.get(f"/api/notebooks/{notebook_id}")).json()
            cell = next(c for c in nb["cells"] if c["id"] == "loop")
            state = cell["metadata"].get("collaboratory", {}).get("execution") or {}
            return nb if state.get("status") in ("done", "error") else None

        notebook = await until(finished, 120)
        cell = next(c for c in notebook["cells"] if c["id"] == "loop")
        assert cell["metadata"]["collaboratory"]["execution"]["status"] == "done", cell
        assert printed(notebook, "loop") == [f"line {i}" for i in range(10)]
        mine = [e for e in events if e["runtime_id"] == runtime["id"] and e["kind"] == "link"]
        assert [e["reason"] for e in mine][:2] == ["lost", "restored"], events
        assert "Lost the link" in mine[0]["message"]
        assert laptop.poll() is None, log.read_text()
        assert "Link lost" in log.read_text()

        response = await alice.delete(f"/api/runtimes/{runtime['id']}")
        assert response.status_code == 204
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await watcher
        laptop.terminate()
        laptop.wait(timeout=20)
        await proxy.close()
        await alice.aclose()
        await bob.aclose()


@pytest.mark.parametrize("token", [None, "not-a-token"])
async def test_a_bad_or_missing_token_is_refused_with_401(
    server: Server, token: str | None
) -> None:
    url = server.url.replace("http", "ws") + "/api/machines/connect?name=x&instance=0123456789"
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url, additional_headers=headers):
            pass
    assert refused.value.response.status_code == 401
    error = json.loads(refused.value.response.body or b"")["error"]
    assert error["code"] == ("bad_token" if token else "not_authenticated")
    assert ("not valid" if token else "personal API token") in error["message"]


async def test_the_command_stops_on_a_bad_token(server: Server, tmp_path: Path) -> None:
    log = tmp_path / "connect.log"
    laptop = start_laptop(server.url, "not-a-token", tmp_path, log)
    assert laptop.wait(timeout=30) == 1
    assert "This API token is not valid" in log.read_text()


async def test_another_users_machine_cannot_inject_into_my_runtime(
    server: Server, tmp_path: Path
) -> None:
    alice, token = await user(server, "alice")
    bob, bobs_token = await user(server, "bob")
    laptop = start_laptop(server.url, token, tmp_path, tmp_path / "connect.log")
    url = server.url.replace("http", "ws") + "/api/machines/connect?name=laptop&instance=evil0001"
    try:

        async def my_machine() -> bool:
            types = (await alice.get("/api/runtime-types")).json()
            return any(t["id"] == "machine-laptop" for t in types)

        await until(my_machine, 90)
        upload = await alice.upload("nb.ipynb", notebook_bytes([code_cell("c", "print(6*7)")]))
        notebook_id = upload.json()["id"]
        body = {"notebook_id": notebook_id, "runtime_type": "machine-laptop"}
        runtime = (await alice.post("/api/runtimes", json=body)).json()
        # Bob links a machine of the same name; it is his, and it addresses Alice's kernel.
        headers = {"Authorization": f"Bearer {bobs_token}"}
        async with connect(url, additional_headers=headers) as evil:
            await evil.send(json.dumps({"type": "hello", "received": 0, "kernels": []}))
            assert json.loads(await evil.recv())["type"] == "welcome"
            forged = {
                "header": {"msg_id": "x", "msg_type": "stream", "session": "s", "date": ""},
                "parent_header": {},
                "metadata": {},
                "content": {"name": "stdout", "text": "INJECTED\n"},
                "buffers": [],
            }
            for seq, channel in enumerate(("iopub", "shell"), start=1):
                frame = {"type": "msg", "seq": seq, "kernel_id": runtime["kernel_id"],
                         "channel": channel, "msg": forged}  # fmt: skip
                await evil.send(json.dumps(frame))
            run = {"cell_ids": ["c"]}
            await alice.post(f"/api/notebooks/{notebook_id}/execute", json=run)

            async def done() -> list[str] | None:
                nb = (await alice.get(f"/api/notebooks/{notebook_id}")).json()
                lines = printed(nb, "c")
                return lines or None

            assert await until(done, 90) == ["42"]
        mine = [t["id"] for t in (await alice.get("/api/runtime-types")).json()]
        assert mine.count("machine-laptop") == 1
        machines = (await alice.get("/api/machines")).json()
        assert [(m["name"], m["connected"], m["runtimes"]) for m in machines] == [
            ("laptop", True, [runtime["id"]])
        ]
        # Tools > Compare runtime environments asks the machine what it has installed
        packages = (await alice.get("/api/machines/machine-laptop/packages")).json()
        assert any(p["name"].lower() == "fastapi" and p["version"] for p in packages)
        assert (await alice.get("/api/machines/machine-nope/packages")).status_code == 404
        # A notebook that asks for the machine (Change runtime type) runs there on Run, no
        # runtime connected first
        asks = notebook_bytes(
            [code_cell("c", "print(7*6)")], collaboratory={"runtime_type": "machine-laptop"}
        )
        other_id = (await alice.upload("asks.ipynb", asks)).json()["id"]
        await alice.post(f"/api/notebooks/{other_id}/execute", json={"cell_ids": ["c"]})

        async def ran() -> list[str] | None:
            return printed((await alice.get(f"/api/notebooks/{other_id}")).json(), "c") or None

        assert await until(ran, 90) == ["42"]
        runtimes = (await alice.get("/api/runtimes")).json()
        assert {r["notebook_id"]: r["runtime_type"] for r in runtimes}[other_id] == "machine-laptop"
    finally:
        laptop.terminate()
        laptop.wait(timeout=20)
        await alice.aclose()
        await bob.aclose()


async def test_interrupt_and_restart_reach_the_kernel_on_the_machine(
    server: Server, tmp_path: Path
) -> None:
    alice, token = await user(server, "alice")
    laptop = start_laptop(server.url, token, tmp_path, tmp_path / "connect.log")
    try:

        async def my_machine() -> bool:
            return "machine-laptop" in (await alice.get("/api/runtime-types")).text

        await until(my_machine, 90)
        cells = [code_cell("x", "x = 1"), code_cell("sleep", "import time; time.sleep(60)")]
        cells.append(code_cell("check", "print('x' in dir())"))
        asks = notebook_bytes(cells, collaboratory={"runtime_type": "machine-laptop"})
        notebook_id = (await alice.upload("nb.ipynb", asks)).json()["id"]
        run = f"/api/notebooks/{notebook_id}/execute"
        await alice.post(run, json={"cell_ids": ["x", "sleep"]})

        async def cell(cell_id: str) -> dict[str, Any]:
            nb = (await alice.get(f"/api/notebooks/{notebook_id}")).json()
            found: dict[str, Any] = next(c for c in nb["cells"] if c["id"] == cell_id)
            return found

        async def status(cell_id: str, wanted: str) -> bool:
            state = (await cell(cell_id))["metadata"].get("collaboratory", {}).get("execution")
            return (state or {}).get("status") == wanted

        await until(lambda: status("sleep", "running"), 90)
        [runtime] = (await alice.get("/api/runtimes")).json()
        response = await alice.post(f"/api/runtimes/{runtime['id']}/interrupt")
        assert response.status_code == 200, response.text
        await until(lambda: status("sleep", "error"), 60)
        errors = [o for o in (await cell("sleep"))["outputs"] if o["output_type"] == "error"]
        assert errors and errors[0]["ename"] == "KeyboardInterrupt"

        response = await alice.post(f"/api/runtimes/{runtime['id']}/restart")
        assert response.status_code == 200, response.text
        await alice.post(run, json={"cell_ids": ["check"]})
        try:
            await until(lambda: status("check", "done"), 90)
        except TimeoutError:
            laptop_log = (tmp_path / "connect.log").read_text()[-3000:]
            server_log = Path(server.log.name).read_text()[-6000:]
            state = (await cell("check"))["metadata"]
            raise AssertionError(
                f"{state}\n--- laptop\n{laptop_log}\n--- server\n{server_log}"
            ) from None
        nb = (await alice.get(f"/api/notebooks/{notebook_id}")).json()
        assert printed(nb, "check") == ["False"]  # a fresh kernel: x is gone

        # Revoking the token closes the open link; the command stops, its runtime dies.
        [made] = (await alice.get("/api/tokens")).json()
        assert (await alice.delete(f"/api/tokens/{made['id']}")).status_code == 204
        assert await asyncio.to_thread(laptop.wait, 90) == 1
        assert "This API token is not valid" in (tmp_path / "connect.log").read_text()
        [machine] = (await alice.get("/api/machines")).json()
        assert machine["connected"] is False
        await until(lambda: status("check", "done"), 5)

        async def dead() -> bool:
            found = (await alice.get(f"/api/runtimes/{runtime['id']}")).json()
            return bool(found["state"] == "dead")

        await until(dead, 60)
    finally:
        laptop.terminate()
        laptop.wait(timeout=20)
        await alice.aclose()


async def test_a_link_that_breaks_the_protocol_is_closed(server: Server) -> None:
    alice, token = await user(server, "alice")
    url = server.url.replace("http", "ws") + "/api/machines/connect?name=x&instance=0123456789"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        for first in ("not json", b"\x00binary", json.dumps({"type": "msg", "seq": 1})):
            async with connect(url, additional_headers=headers) as ws:
                await ws.send(first)
                with pytest.raises(ConnectionClosed) as closed:
                    await ws.recv()
                assert closed.value.rcvd is not None and closed.value.rcvd.code == 1002
        async with connect(url, additional_headers=headers) as ws:  # the server is fine
            await ws.send(json.dumps({"type": "hello", "received": 0, "kernels": []}))
            assert json.loads(await ws.recv())["type"] == "welcome"
            await ws.send(b"\x00binary")  # after the hello too
            with pytest.raises(ConnectionClosed):
                await ws.recv()
        assert (await alice.get("/api/machines")).json()[0]["connected"] is False
    finally:
        await alice.aclose()
