"""Live documents: an edit reaching another editor, and opening a large notebook.

    python bench/document_latency.py [--edits 200]

Two sync clients (y-protocols over the websocket) edit one notebook on a real
``collaboratory serve`` process: the time from one client sending an edit until the other's
document holds it. Then a 500-cell notebook of about 10 MB is uploaded and opened with
``GET /api/notebooks/{id}``: first (the room loads from the database) and again (loaded).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from pycrdt import TransactionEvent  # noqa: E402
from tests.clients import ApiClient, code_cell, notebook_bytes  # noqa: E402
from tests.documents.client import append_source, sync_client  # noqa: E402
from tests.servers import Server, free_port  # noqa: E402

MiB = 1024 * 1024


def big_notebook(cells: int = 500, total_bytes: int = 10 * MiB) -> bytes:
    text = "x" * 79 + "\n"
    per_cell = total_bytes // cells // len(text)
    output = {"output_type": "stream", "name": "stdout", "text": text * per_cell}
    made = [code_cell(f"c{i}", f"print({i})", outputs=[output]) for i in range(cells)]
    return notebook_bytes(made)


async def edit_latency(base: str, c: ApiClient, token: str, edits: int) -> list[float]:
    nb = (await c.upload("edits.ipynb", notebook_bytes([code_cell("a", "")]))).json()["id"]
    times: list[float] = []
    async with sync_client(base, nb, token) as writer, sync_client(base, nb, token) as reader:
        arrived = asyncio.Event()

        def on_change(event: TransactionEvent) -> None:
            arrived.set()

        reader.doc.observe(on_change)
        for i in range(edits + 20):
            arrived.clear()
            append_source(writer.ynotebook, "x")
            start = time.perf_counter()
            await writer.flush()
            await asyncio.wait_for(arrived.wait(), 10)
            if i >= 20:  # warm-up
                times.append(time.perf_counter() - start)
    return times


async def open_big(c: ApiClient, nb: str) -> tuple[float, list[float]]:
    start = time.perf_counter()
    first = await c.get(f"/api/notebooks/{nb}")
    cold = time.perf_counter() - start
    assert len(first.json()["cells"]) == 500
    warm = []
    for _ in range(10):
        start = time.perf_counter()
        (await c.get(f"/api/notebooks/{nb}")).raise_for_status()
        warm.append(time.perf_counter() - start)
    return cold, warm


async def main(edits: int) -> None:
    content = big_notebook()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp) / "data", free_port())
        try:
            async with ApiClient(base_url=server.url, timeout=120) as c:
                await c.signup("bench", "a long enough password")
                token = (await c.post("/api/tokens", json={"name": "b"})).json()["token"]
                latency = await edit_latency(server.url, c, token, edits)
                start = time.perf_counter()
                nb = (await c.upload("big.ipynb", content)).json()["id"]
                uploaded = time.perf_counter() - start
                imported, warm = await open_big(c, nb)
        finally:
            server.kill_all()
        server = Server(Path(tmp) / "data", free_port())  # a fresh process: no room loaded
        try:
            async with ApiClient(base_url=server.url, timeout=120) as c:
                await c.login("bench", "a long enough password")
                cold, _ = await open_big(c, nb)
        finally:
            server.kill_all()
    size = len(content)
    ordered = sorted(latency)
    print("| measure | p50 | p90 |\n| --- | ---: | ---: |")
    p50, p90 = statistics.median(ordered), ordered[int(0.9 * len(ordered))]
    print(
        f"| edit reaches the other editor (n={edits}) | {p50 * 1e3:.1f} ms | {p90 * 1e3:.1f} ms |"
    )
    label = f"500 cells / {size / MiB:.0f} MB"
    print(f"| upload {label} (validates, imports the document) | {uploaded * 1e3:.0f} ms | |")
    print(f"| open {label} just uploaded | {imported * 1e3:.0f} ms | |")
    print(f"| open {label}, room not loaded (from the database) | {cold * 1e3:.0f} ms | |")
    print(f"| open {label}, room loaded (n=10) | {statistics.median(warm) * 1e3:.0f} ms | |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=200)
    asyncio.run(main(parser.parse_args().edits))
