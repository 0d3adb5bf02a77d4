"""Output throughput from a kernel into a YNotebook, and the server's memory meanwhile.

    python bench/output_throughput.py [--mb 200] [--lines 1000000]

Each case runs one cell on a local ipykernel (ipc transport) through ``ExecutionService`` and
times it from ``execute`` until the cell is done; "drain" reads the same messages with a bare
``KernelSession`` and throws them away, which is what the kernel alone can deliver. RSS growth
is the peak (sampled every 5 ms by a thread) over the RSS before the case.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from jupyter_ydoc import YNotebook  # noqa: E402

from collaboratory.execution import DEFAULT_CAP, ExecutionService, KernelSession  # noqa: E402

MiB = 1024 * 1024


def rss() -> int:
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class PeakRss:
    def __init__(self) -> None:
        self.before = self.peak = rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss())

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.before) / MiB


def notebook(source: str) -> YNotebook:
    ynb = YNotebook()
    cell = {"id": "c0", "cell_type": "code", "source": source, "metadata": {}, "outputs": []}
    ynb.set({"cells": [{**cell, "execution_count": None}], "metadata": {}, "nbformat": 4})
    return ynb


def big_print(mb: int) -> tuple[str, int, int]:
    """Code, lines, bytes: 1000 bytes a line, newline included."""
    return f"for _ in range({mb * 1000}):\n    print('x' * 999)", mb * 1000, mb * 10**6


def small_lines(n: int) -> tuple[str, int, int]:
    return f"for i in range({n}):\n    print(i)", n, sum(len(str(i)) + 1 for i in range(n))


async def drain(info: Mapping[str, Any], code: str) -> float:
    session = KernelSession(info)
    await session.start()
    try:
        started = time.perf_counter()
        await session.execute(code, lambda kind, content: None)
        return time.perf_counter() - started
    finally:
        await session.close()


async def into_document(
    info: Mapping[str, Any], code: str, spill: Path, cap: int | None
) -> tuple[float, YNotebook, int]:
    service = ExecutionService(spill, cap=cap or DEFAULT_CAP)
    ynb = notebook(code)
    updates = 0

    def count(_: object) -> None:
        nonlocal updates
        updates += 1

    ynb.ydoc.observe(count)

    async def get_runtime() -> Mapping[str, Any]:
        return info

    try:
        warm = await service.execute("warm", notebook("pass"), "all", "bench", get_runtime)
        await warm.wait()  # the client connects outside the timing, as for the drain
        started = time.perf_counter()
        batch = await service.execute("bench", ynb, "all", "bench", get_runtime)
        assert await batch.wait() == {"c0": "done"}
        return time.perf_counter() - started, ynb, updates
    finally:
        await service.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--uncapped-mb", type=int, default=50)
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ob-", dir="/tmp") as tmp:
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=f"{tmp}/k")
        await km.start_kernel()
        info = dict(km.get_connection_info())
        try:
            cases = [
                (f"{args.mb} MB print, capped doc", *big_print(args.mb), None),
                (f"{args.uncapped_mb} MB print, uncapped doc", *big_print(args.uncapped_mb), 2**40),
                (f"{args.lines:,} short lines", *small_lines(args.lines), 2**40),
            ]
            for name, code, lines, size, cap in cases:
                seconds = await drain(info, code)
                with PeakRss() as memory:
                    took, ynb, updates = await into_document(info, code, Path(tmp, "spill"), cap)
                doc = sum(len(o.get("text", "")) for o in ynb.get()["cells"][0]["outputs"])
                rows.append(
                    f"| {name} | {size / 1e6 / seconds:.0f} MB/s, {lines / seconds:,.0f} lines/s "
                    f"| {size / 1e6 / took:.0f} MB/s, {lines / took:,.0f} lines/s "
                    f"| {memory.growth_mb:.0f} MB | {doc / MiB:.1f} MiB | {updates} |"
                )
                print(rows[-1], flush=True)
        finally:
            await km.shutdown_kernel(now=True)
    print()
    print(
        "| case | kernel alone (drain) | into the YNotebook | peak RSS growth "
        "| text in doc | CRDT updates |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    asyncio.run(main())
