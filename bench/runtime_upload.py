"""Large files into and out of a runtime: files.upload()'s chunked path and the streamed download.

    python bench/runtime_upload.py [--mib 300] [--chunk-mib 16]

Sends a generated file (never held whole in memory: each 16 MiB chunk is made as it is sent)
through PUT /api/runtimes/{id}/files/chunks/{upload_id}, as the editor does for files.upload()
and the Files panel, then downloads it back (GET .../files/content, streamed). Reports MiB/s
each way and the server process's peak resident memory growth, which stays near one chunk
whatever the file's size.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.clients import ApiClient, code_cell, notebook_bytes  # noqa: E402
from tests.servers import Server, free_port  # noqa: E402

MiB = 1024 * 1024


def rss(pid: int) -> int:
    """Resident memory of a process in bytes (Linux: /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class PeakRss:
    """The peak resident memory of a process, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.start = self.peak = rss(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss(self.pid))

    def growth_mib(self) -> float:
        self._stop.set()
        self._thread.join()
        return (self.peak - self.start) / MiB


def report(label: str, mib: int, seconds: float, growth: float) -> None:
    rate = mib / seconds
    print(f"{label:8} {rate:7.1f} MiB/s  ({seconds:.2f} s)  server peak RSS +{growth:.0f} MiB")


async def cell_done(c: ApiClient, nb: str) -> bool:
    cell = (await c.get(f"/api/notebooks/{nb}")).json()["cells"][0]
    state = cell["metadata"].get("collaboratory", {}).get("execution", {})
    return bool(state.get("status") == "done")


def chunk_bytes(index: int, size: int) -> bytes:
    """Chunk ``index`` of the generated file: distinct per chunk, cheap to make."""
    return hashlib.sha256(str(index).encode()).digest() * (size // 32)


async def run(total_mib: int, chunk_mib: int, data_dir: Path) -> None:
    server = Server(data_dir, free_port())
    try:
        async with ApiClient(base_url=server.url, timeout=600) as c:
            await c.signup("bench", "a long enough password")
            nb = (await c.upload("u.ipynb", notebook_bytes([code_cell("a", "1")]))).json()["id"]
            await c.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["a"]})
            runtimes: list[dict[str, str]] = []
            while not runtimes or not await cell_done(c, nb):
                await asyncio.sleep(0.2)
                runtimes = (await c.get("/api/runtimes")).json()
            runtime = runtimes[0]["id"]
            size, chunk = total_mib * MiB, chunk_mib * MiB
            upload_id = uuid.uuid4().hex
            digest = hashlib.sha256()
            rss = PeakRss(server.proc.pid)
            start = time.perf_counter()
            for index, offset in enumerate(range(0, size, chunk)):
                data = chunk_bytes(index, min(chunk, size - offset))
                digest.update(data)
                query = f"path=&name=big.bin&offset={offset}&size={size}"
                url = f"/api/runtimes/{runtime}/files/chunks/{upload_id}?{query}"
                response = await c.put(url, content=data)
                assert response.status_code == 200, response.text
            up = time.perf_counter() - start
            up_growth = rss.growth_mib()
            rss = PeakRss(server.proc.pid)
            start = time.perf_counter()
            back = hashlib.sha256()
            url = f"/api/runtimes/{runtime}/files/content"
            async with c.stream("GET", url, params={"path": "big.bin"}) as response:
                async for part in response.aiter_bytes():
                    back.update(part)
            down = time.perf_counter() - start
            down_growth = rss.growth_mib()
            assert back.hexdigest() == digest.hexdigest(), "the download differs"
            print(f"file {total_mib} MiB, chunks of {chunk_mib} MiB")
            report("upload", total_mib, up, up_growth)
            report("download", total_mib, down, down_growth)
    finally:
        server.kill_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mib", type=int, default=300, help="size of the file")
    parser.add_argument("--chunk-mib", type=int, default=16, help="size of one chunk")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(args.mib, args.chunk_mib, Path(tmp) / "data"))


if __name__ == "__main__":
    main()
