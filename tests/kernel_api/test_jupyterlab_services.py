"""@jupyterlab/services, the client of JupyterLab and of VS Code's Jupyter extension, uses our
runtimes as an existing Jupyter server: the calls VS Code makes, end to end, in Node."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import httpx
import pytest

from tests.servers import ROOT

CLIENT = Path(__file__).with_name("jupyterlab_client.cjs")
FRONTEND = ROOT / "frontend"


@pytest.fixture
def node() -> str:
    found = shutil.which("node")
    assert found is not None, "Node.js runs the front end's build; it must be installed"
    assert (FRONTEND / "node_modules/@jupyterlab/services").is_dir(), "run `make install`"
    return found


async def test_vs_codes_calls_run_code_on_our_runtime(
    node: str, ours: tuple[str, str], tmp_path: Path
) -> None:
    url, token = ours
    output = tmp_path / "seen.json"
    process = await asyncio.create_subprocess_exec(
        node, str(CLIENT), str(FRONTEND), url, token, str(output),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    log, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, log.decode()
    seen = json.loads(output.read_text())
    assert seen["api_version"].startswith("2.")
    assert seen["root_names"] == ["Notebooks"]
    assert seen["saved"] == {
        "path": "Notebooks/Untitled0.ipynb",
        "type": "notebook",
        "writable": True,
    }
    assert seen["reopened_sources"][-1] == "print('saved')" and seen["checkpoints"] == 1
    assert "No such file or directory" in seen["missing_error"]  # Jupyter's message, shown
    assert seen["running_before"] == 0 and seen["default_spec"] == "python3"
    assert "python3-gpu" in seen["specs"]
    assert seen["runtime_kernel_ids"] == [seen["kernel_id"]]  # the session's kernel is a runtime
    assert seen["first"] == {"status": "ok", "stdout": "42\n"}
    assert seen["completes_import"] is True
    assert seen["interrupted"]["ename"] == "KeyboardInterrupt"
    assert seen["after_restart"]["ename"] == "NameError"  # a restart is a fresh kernel
    assert seen["sessions_listed"] == [seen["session_path"]]
    assert seen["running_after"] == 0
    # Shutting the session down deleted the runtime.
    async with httpx.AsyncClient(base_url=url) as direct:
        auth = {"Authorization": f"token {token}"}
        runtimes = await direct.get("/api/runtimes", headers=auth)
        # The save reached the notebook's live document, the one the editor opens.
        folder = (await direct.get("/api/drive/items", headers=auth)).json()[0]["id"]
        items = await direct.get("/api/drive/items", params={"parent": folder}, headers=auth)
        [notebook] = items.json()
        live = await direct.get(f"/api/notebooks/{notebook['id']}", headers=auth)
    assert runtimes.json() == []
    assert live.json()["cells"][-1]["source"] == "print('saved')"
