"""From a cell of a real server's runtime: the server's own port and the host are out of reach,
and /api/status says how runtimes are confined. (Runtime-level detail: tests/runtimes/
test_sandbox_hardening.py.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.servers import Server, free_port

PROBE = """\
import os, socket, errno
s = socket.socket(); s.settimeout(3)
try:
    s.connect(('127.0.0.1', {port})); print('reached')
except OSError as e:
    print(errno.errorcode.get(e.errno, e))
print('uid', os.getuid())
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "data", free_port())
    try:
        yield running
    finally:
        running.kill_all()


def stdout_of(cell: dict[str, Any]) -> str:
    return "".join("".join(o.get("text", "")) for o in cell["outputs"])


async def test_a_cell_cannot_reach_the_servers_own_port(server: Server) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    async with ApiClient(base_url=server.url) as c:
        status = (await c.get("/api/status")).json()
        assert "bubblewrap, as uid" in str(status) and "slirp4netns" in str(status)
        await c.signup("eve", "a long password")
        cells = [code_cell("probe", PROBE.format(port=port))]
        nb_id = (await c.upload("nb.ipynb", notebook_bytes(cells))).json()["id"]
        run = await c.post(f"/api/notebooks/{nb_id}/execute", json={"cell_ids": ["probe"]})
        assert run.status_code == 202, run.text
        async with asyncio.timeout(90):  # a bound on failure only
            while True:
                cell = (await c.get(f"/api/notebooks/{nb_id}")).json()["cells"][0]
                if "uid" in stdout_of(cell):
                    break
                await asyncio.sleep(0.2)
    text = stdout_of(cell)
    assert "ECONNREFUSED" in text and "reached" not in text, text
    assert "uid 0" not in text
    assert (await asyncio.to_thread(lambda: server.proc.poll())) is None  # still serving
