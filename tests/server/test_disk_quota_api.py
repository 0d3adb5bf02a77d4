"""A runtime's disk is its own, of its type's disk_mb: past it a cell gets ENOSPC, the Disk
meter is at its limit, and the server's own data stays writable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi import FastAPI

from collaboratory.runtimes.sandbox.disk import DiskQuota
from tests.clients import ApiClient, code_cell
from tests.server.test_execute_api import settled, uploaded

MiB = 1024 * 1024
SMALL_DISK = {"runtimes": {"types": {"cpu": {"name": "CPU", "disk_mb": 64}}}}
# In 64 KiB pieces, as a copy or a download writes: unbuffered, so the error is the write's.
FILL = """
written = 0
try:
    with open({path!r}, "wb", buffering=0) as f:
        while True:
            written += f.write(b"x" * 65536)
finally:
    print(written // (1024 * 1024), "MiB")
"""
pytestmark = pytest.mark.skipif(
    not DiskQuota(Path("/nonexistent")).enforced, reason="no loop mounts here (needs root)"
)


def errors(cell: dict[str, object]) -> list[dict[str, str]]:
    outputs = cell["outputs"]
    assert isinstance(outputs, list)
    return [o for o in outputs if o["output_type"] == "error"]


def notes(cell: dict[str, object]) -> str:
    outputs = cell["outputs"]
    assert isinstance(outputs, list)
    return "".join(o["text"] for o in outputs if o.get("name") == "stderr")


def mounted(path: Path) -> bool:
    return any(
        line.split()[1] == str(path) for line in Path("/proc/self/mounts").read_text().splitlines()
    )


async def run(client: ApiClient, nb: str, cell_id: str) -> dict[str, object]:
    response = await client.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": [cell_id]})
    assert response.is_success, response.text
    return await settled(client, nb, cell_id)


@pytest.mark.parametrize("settings_overrides", [SMALL_DISK])
async def test_writing_past_disk_mb_is_enospc_in_content_and_tmp(
    alice: ApiClient, app: FastAPI
) -> None:
    status = (await alice.get("/api/status")).json()
    assert status["runtimes"]["disk"].startswith("ext4 image of disk_mb per runtime")
    nb = await uploaded(
        alice,
        code_cell("tmp", FILL.format(path="/tmp/big")),
        code_cell("free", "import os; os.remove('/tmp/big'); print('freed')"),
        code_cell("content", FILL.format(path="/content/big")),
        code_cell("after", "import os; print(os.listdir('/tmp'), os.listdir('/content'))"),
    )

    tmp = await run(alice, nb, "tmp")  # a tmpfs /tmp would have taken it all
    [error] = errors(tmp)
    assert error["ename"] == "OSError"
    assert error["evalue"] == "[Errno 28] No space left on device", error
    assert "Your runtime's disk is full" in notes(tmp)
    assert "freed" in str((await run(alice, nb, "free"))["outputs"])

    content = await run(alice, nb, "content")
    [error] = errors(content)
    assert error["evalue"] == "[Errno 28] No space left on device", error
    written = int(str(content["outputs"][0]["text"]).split()[0])  # type: ignore[index]
    assert 48 <= written < 64
    [runtime] = (await alice.get("/api/runtimes")).json()
    assert runtime["state"] == "ready"  # the kernel lives on

    usage = (await alice.get(f"/api/runtimes/{runtime['id']}/usage")).json()
    limit = usage["disk_limit_bytes"]
    assert 0.85 * 64 * MiB < limit <= 64 * MiB  # less what ext4 keeps for itself
    assert usage["disk_bytes"] >= 0.99 * limit, usage  # the Disk meter is at its limit

    # the server's data is on another disk, and still takes writes
    assert (await alice.create("notebook", "Written after the runtime's disk filled"))["id"]
    data_dir: Path = app.state.services.settings.data_dir
    probe = data_dir / "probe"
    probe.write_bytes(b"x" * MiB)
    probe.unlink()

    # a factory reset empties /content and /tmp on the runtime's own disk
    directory = data_dir / "runtimes" / runtime["id"]
    assert mounted(directory)
    assert (await alice.post(f"/api/runtimes/{runtime['id']}/reset")).is_success
    usage = (await alice.get(f"/api/runtimes/{runtime['id']}/usage")).json()
    assert usage["disk_bytes"] < 0.1 * usage["disk_limit_bytes"], usage
    assert "big" not in os.listdir(directory / "content")
    after = await run(alice, nb, "after")
    assert errors(after) == [] and "big" not in str(after["outputs"]), after

    # deleting the runtime unmounts its disk and removes its image
    assert (await alice.delete(f"/api/runtimes/{runtime['id']}")).is_success
    assert not mounted(directory) and not directory.exists()
    assert not (data_dir / "runtimes" / f"{runtime['id']}.img").exists()
