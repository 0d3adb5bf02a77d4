"""The wiring the server uses: a sandboxed runtime, connected when the first cell runs."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from collaboratory.execution import ExecutionService
from collaboratory.runtimes.manager import RuntimeManager
from tests.execution.conftest import notebook, text


async def test_first_run_connects_the_notebooks_runtime(app: FastAPI, tmp_path: Path) -> None:
    services = app.state.services
    runtimes: RuntimeManager = services.runtimes
    user = await services.accounts.create_user("carol", "a long enough password")
    notebook_id = (await services.drive.create_notebook(user.id, None, None)).item.id
    states: list[str] = []

    async def get_runtime() -> Mapping[str, Any]:
        runtime = await runtimes.connect(user, notebook_id, None)
        await runtimes.wait_until_started(runtime)
        if runtime.kernel is None:
            raise RuntimeError(runtime.error or "The runtime did not start.")
        return runtime.kernel.connection_info()

    assert runtimes.for_notebook(user.id, notebook_id) is None
    execution = ExecutionService(tmp_path / "spill")
    try:
        ynb = notebook("import os\nprint(os.getcwd())", "print(6*7)")
        batch = await execution.execute(
            notebook_id, ynb, "all", user.id, get_runtime, on_state=states.append
        )
        async with asyncio.timeout(60):
            assert await batch.wait() == {"c0": "done", "c1": "done"}
    finally:
        await execution.close()
    assert (text(ynb, "c0"), text(ynb, "c1")) == ("/content\n", "42\n")
    assert runtimes.for_notebook(user.id, notebook_id) is not None
    assert "busy" in states and states[-1] == "idle"
