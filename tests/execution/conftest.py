"""Real ipykernel kernels over ipc in a short private directory, and notebooks to run."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import AsyncKernelManager
from jupyter_ydoc import YNotebook

from collaboratory.execution import ExecutionService, KernelSession
from collaboratory.execution.cell_state import status_of
from collaboratory.execution.cells import find_cell

NOTEBOOK = "nb1"


# ipykernel's iopub PUB socket drops messages once 1000 wait to be sent, which a kernel starved
# of CPU reaches with a flood of flushed prints. Lifting the limit before a client connects
# makes its pipe to that client unlimited (a runtime's startup should do the same).
UNLIMITED_IOPUB = "import zmq\nget_ipython().kernel.iopub_thread.socket.setsockopt(zmq.SNDHWM, 0)\n"


@pytest.fixture
async def kernel() -> AsyncIterator[AsyncKernelManager]:
    with tempfile.TemporaryDirectory(prefix="ex-", dir="/tmp") as sockets:
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets}/k")
        await km.start_kernel()
        try:
            setup = KernelSession(km.get_connection_info())
            try:
                await setup.start()
                reply = await setup.execute(UNLIMITED_IOPUB, lambda kind, content: None)
                assert reply["status"] == "ok", reply
            finally:
                await setup.close()
            yield km
        finally:
            await km.shutdown_kernel(now=True)


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[ExecutionService]:
    svc = ExecutionService(tmp_path / "spill")
    try:
        yield svc
    finally:
        await svc.close()


def notebook(*sources: str, markdown: tuple[int, ...] = ()) -> YNotebook:
    """Cells ``c0``, ``c1``, … with these sources; the indexes in ``markdown`` are Markdown."""
    cells: list[dict[str, Any]] = []
    for i, source in enumerate(sources):
        if i in markdown:
            cells.append({"id": f"c{i}", "cell_type": "markdown", "source": source, "metadata": {}})
        else:
            code: dict[str, Any] = {"execution_count": None, "outputs": [], "metadata": {}}
            cells.append({"id": f"c{i}", "cell_type": "code", "source": source, **code})
    ynb = YNotebook()
    ynb.set({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    return ynb


def runtime_of(km: AsyncKernelManager) -> Any:
    async def get_runtime() -> Mapping[str, Any]:
        return dict(km.get_connection_info())

    return get_runtime


def cell(ynb: YNotebook, cell_id: str) -> dict[str, Any]:
    ycell = find_cell(ynb, cell_id)
    assert ycell is not None
    found = ycell.to_py()
    assert found is not None
    return dict(found)


def outputs(ynb: YNotebook, cell_id: str) -> list[dict[str, Any]]:
    return list(cell(ynb, cell_id)["outputs"])


def status(ynb: YNotebook, cell_id: str) -> str | None:
    state = status_of(ynb, cell_id)
    return None if state is None else state.get("status")


def text(ynb: YNotebook, cell_id: str) -> str:
    return "".join(o["text"] for o in outputs(ynb, cell_id) if o["output_type"] == "stream")


async def until(predicate: Any, seconds: float = 20) -> None:
    async with asyncio.timeout(seconds):
        while not predicate():
            await asyncio.sleep(0.02)


def rss_bytes() -> int:
    with open(f"/proc/{os.getpid()}/status") as status_file:
        for line in status_file:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc")
