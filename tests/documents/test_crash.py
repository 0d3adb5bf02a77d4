"""SIGKILL the server mid-edit: every acknowledged update survives, nothing is duplicated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.clients import ApiClient, notebook_bytes
from tests.documents.client import append_source, sync_client
from tests.documents.conftest import token_of, upload_notebook
from tests.servers import ROOT, free_port


@contextmanager
def server(
    data_dir: Path, compact_every: int = 500
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (data_dir.parent / f"server-{port}.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.documents.serve", str(data_dir), str(port)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COMPACT_EVERY": str(compact_every)},
        )
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/api/status", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, "the server exited"
            time.sleep(0.05)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=15)


@pytest.mark.parametrize("compact_every", [500, 3], ids=["log", "snapshots"])
async def test_sigkill_mid_edit_keeps_every_acknowledged_update(
    tmp_path: Path, compact_every: int
) -> None:
    data_dir = tmp_path / "data"
    acked = "print(6*7)"
    extras = [f"\n# unacknowledged {i}" for i in range(5)]
    with server(data_dir, compact_every) as (url, proc):
        async with ApiClient(base_url=url) as c:
            await c.signup("ada", "a long password")
            nb_id = await upload_notebook(c, notebook_bytes())
            token = await token_of(c)
        async with sync_client(url, nb_id, token) as editor:
            for i in range(20):
                append_source(editor.ynotebook, f"\n# edit {i}")
                await editor.ack()
                acked += f"\n# edit {i}"
            for extra in extras:
                append_source(editor.ynotebook, extra)
            await editor.flush()
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)

    with server(data_dir) as (url, _):
        async with sync_client(url, nb_id, token) as reader:
            cells = reader.notebook()["cells"]
        assert len(cells) == 1  # neither duplicated nor emptied
        source = cells[0]["source"]
        assert source.startswith(acked)
        assert source in {acked + "".join(extras[:k]) for k in range(len(extras) + 1)}
