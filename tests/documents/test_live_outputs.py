"""Outputs keep landing in the document while no editor is connected (Colab loses them)."""

from __future__ import annotations

import asyncio

from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.documents.client import eventually, sync_client

PRINTS = 10
LOOP = (
    f"import time\nfor i in range({PRINTS}):\n    print('line', i, flush=True)\n    time.sleep(0.3)"
)


def stdout(notebook: dict[str, object], cell_id: str) -> str:
    cells = notebook["cells"]
    assert isinstance(cells, list)
    cell = next(c for c in cells if c["id"] == cell_id)
    return "".join(o.get("text", "") for o in cell["outputs"] if o["output_type"] == "stream")


async def test_reconnecting_editor_sees_every_line_printed_while_away(
    served: str, alice: ApiClient
) -> None:
    token = (await alice.post("/api/tokens", json={"name": "editor"})).json()["token"]
    upload = await alice.upload("loop.ipynb", notebook_bytes([code_cell("loop", LOOP)]))
    nb = upload.json()["id"]
    async with sync_client(served, nb, token) as first:
        queued = await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})
        assert queued.status_code == 202
        await eventually(lambda: "line 0" in stdout(first.notebook(), "loop"), within=60)
    # The tab is closed: nobody is connected while the cell goes on printing.
    for _ in range(200):
        cell = next(c for c in (await alice.get(f"/api/notebooks/{nb}")).json()["cells"])
        if cell["metadata"].get("collaboratory", {}).get("execution", {}).get("status") == "done":
            break
        await asyncio.sleep(0.1)
    async with sync_client(served, nb, token) as second:  # a new connection and client id
        expected = "".join(f"line {i}\n" for i in range(PRINTS))
        assert stdout(second.notebook(), "loop") == expected
