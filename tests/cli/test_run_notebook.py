"""``collaboratory run``: the command, as a subprocess, against a real server with real runtimes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.servers import Server, free_port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("run") / "data", free_port())
    yield running
    running.kill_all()


@pytest.fixture
async def user(server: Server) -> AsyncIterator[tuple[ApiClient, str]]:
    async with ApiClient(base_url=server.url) as client:
        await client.signup(f"runner{free_port()}", "a long enough password")
        token = (await client.post("/api/tokens", json={"name": "cli"})).json()["token"]
        yield client, token


def collaboratory_run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COLLABORATORY_U")}
    environment.pop("COLLABORATORY_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "collaboratory", "run", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**environment, **env},
        check=False,
    )


async def upload(client: ApiClient, name: str, *cells: dict[str, Any]) -> str:
    response = await client.upload(name, notebook_bytes(list(cells)))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def outputs(nb: dict[str, Any], cell_id: str) -> str:
    cell = next(c for c in nb["cells"] if c["id"] == cell_id)
    return "".join(str(o.get("text", "")) for o in cell["outputs"])


async def test_a_good_notebook_runs_and_its_outputs_land_in_the_document(
    server: Server, user: tuple[ApiClient, str]
) -> None:
    client, token = user
    nb = await upload(client, "good.ipynb", code_cell("a", "x = 6*7"), code_cell("b", "print(x)"))
    done = collaboratory_run("good.ipynb", "--url", server.url, "--token", token)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[2/2] cell 2: print(x)  ok" in done.stdout
    live = (await client.get(f"/api/notebooks/{nb}")).json()
    assert outputs(live, "b") == "42\n"
    assert (await client.get("/api/runtimes")).json() == []  # the one it connected is gone


async def test_a_failing_cell_exits_1_naming_it(
    server: Server, user: tuple[ApiClient, str]
) -> None:
    client, token = user
    nb = await upload(
        client,
        "bad.ipynb",
        code_cell("a", "print('first')"),
        code_cell("b", "# divide\n1/0"),
        code_cell("c", "print('never')"),
    )
    failed = collaboratory_run(nb, "--url", server.url, "--token", token, "--runtime-type", "cpu")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "cell 2 failed (# divide): ZeroDivisionError: division by zero" in failed.stderr
    live = (await client.get(f"/api/notebooks/{nb}")).json()
    assert outputs(live, "a") == "first\n" and outputs(live, "c") == ""


async def test_a_local_file_runs_and_is_written_out(
    server: Server, user: tuple[ApiClient, str], tmp_path: Path
) -> None:
    client, token = user
    source = tmp_path / "local.ipynb"
    source.write_bytes(notebook_bytes([code_cell("a", "print(sum(range(10)))")]))
    out = tmp_path / "out.ipynb"
    env = {"COLLABORATORY_URL": server.url, "COLLABORATORY_TOKEN": token}
    done = collaboratory_run(str(source), "--output", str(out), **env)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())
    assert "".join(result["cells"][0]["outputs"][0]["text"]) == "45\n"
    assert json.loads(source.read_text())["cells"][0]["outputs"] == []  # --output, not in place
    names = [i["name"] for i in await client.items()]
    assert "local.ipynb" not in names  # the upload for the run is gone, not even in the trash
    trash = await client.get("/api/drive/items", params={"trashed": "true"})
    assert "local.ipynb" not in trash.text


async def test_unusable_url_token_or_notebook_exit_2(
    server: Server, user: tuple[ApiClient, str], tmp_path: Path
) -> None:
    client, token = user
    await upload(client, "fine.ipynb", code_cell("a", "1"))
    cases = [
        (("fine.ipynb", "--token", token), "--url"),
        (("fine.ipynb", "--url", server.url), "--token"),
        (("fine.ipynb", "--url", server.url, "--token", "nope"), "refused the token"),
        (("fine.ipynb", "--url", f"http://127.0.0.1:{free_port()}", "--token", token), "reach"),
        (("missing.ipynb", "--url", server.url, "--token", token), "No notebook"),
        (("fine.ipynb", "--url", server.url, "--token", token, "--runtime-type", "zz"), "zz"),
    ]
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    cases.append(((str(broken), "--url", server.url, "--token", token), "cannot be run"))
    for args, said in cases:
        result = collaboratory_run(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert said in result.stderr and "Traceback" not in result.stderr, result.stderr
    async with httpx.AsyncClient() as plain:  # a site that is not the service
        assert (await plain.get(f"{server.url}/api/me")).status_code == 401


def _interruptible() -> None:
    """Ctrl-C reaches the command even when the suite was started in the background (``make
    test &`` in a script), which makes the shell ignore SIGINT for it and everything it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


async def test_ctrl_c_stops_the_running_cell_and_exits_130(
    server: Server, user: tuple[ApiClient, str]
) -> None:
    client, token = user
    source = "import time\nprint('started', flush=True)\ntime.sleep(600)"
    nb = await upload(client, "long.ipynb", code_cell("a", source))
    command = [sys.executable, "-m", "collaboratory", "run", nb, "--url", server.url]
    proc = subprocess.Popen(
        [*command, "--token", token],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_interruptible,
    )
    try:
        for _ in range(3000):
            live = (await client.get(f"/api/notebooks/{nb}")).json()
            if live["cells"][0]["outputs"]:  # the kernel runs it (not merely starting)
                break
            await asyncio.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        _, err = await asyncio.to_thread(proc.communicate, timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    live = (await client.get(f"/api/notebooks/{nb}")).json()
    cell = live["cells"][0]
    assert [o.get("ename") for o in cell["outputs"]] == [None, "KeyboardInterrupt"], cell
    assert (await client.get("/api/runtimes")).json() == []
