"""Connecting a runtime: warm pool and cold start, beside a stock Jupyter Server's kernel start.

    python bench/connect_latency.py [--warm 10] [--cold 5]

"Connect" is POST /api/runtimes answering with a ready runtime; "first result" adds the first
execute round trip through the kernel channels websocket, which is what a user waits for.
The stock Jupyter Server starts an unsandboxed kernel (POST /api/kernels, then the same first
execute). Also reports the memory of an idle runtime.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.clients import ApiClient  # noqa: E402
from tests.kernel_api.wsclient import KernelSocket  # noqa: E402
from tests.servers import Server, free_port, stock_jupyter_server  # noqa: E402

MiB = 1024 * 1024


async def first_result(base: str, kernel_id: str, headers: dict[str, str]) -> None:
    url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels"
    async with KernelSocket.connect(url, headers=headers) as ks:
        reply, _ = await ks.execute("pass")
        assert reply["content"]["status"] == "ok"


async def warm_count(c: ApiClient, type_id: str) -> int:
    types = (await c.get("/api/runtime-types")).json()
    return int(next(t["warm"] for t in types if t["id"] == type_id))


async def connect_once(c: ApiClient, type_id: str, auth: dict[str, str]) -> tuple[float, float]:
    notebook = await c.create("notebook")
    start = time.perf_counter()
    response = await c.post(
        "/api/runtimes", json={"notebook_id": notebook["id"], "runtime_type": type_id}
    )
    runtime: dict[str, Any] = response.json()
    connected = time.perf_counter() - start
    await first_result(str(c.base_url).rstrip("/"), runtime["kernel_id"], auth)
    result = time.perf_counter() - start
    await c.delete(f"/api/runtimes/{runtime['id']}")
    return connected, result


async def ours(warm: int, cold: int, data_dir: Path) -> dict[str, list[float]]:
    server = Server(data_dir, free_port(), warm_pool=True)
    samples: dict[str, list[float]] = {k: [] for k in ("warm", "warm_first", "cold", "cold_first")}
    try:
        async with ApiClient(base_url=server.url, timeout=120) as c:
            await c.signup("bench", "a long enough password")
            token = (await c.post("/api/tokens", json={"name": "b"})).json()["token"]
            auth = {"Authorization": f"token {token}"}
            for _ in range(warm):
                while await warm_count(c, "cpu") < 1:
                    await asyncio.sleep(0.05)
                connected, result = await connect_once(c, "cpu", auth)
                samples["warm"].append(connected)
                samples["warm_first"].append(result)
            for _ in range(cold):
                connected, result = await connect_once(c, "cpu-highram", auth)
                samples["cold"].append(connected)
                samples["cold_first"].append(result)
            samples.update(await idle_memory(c, data_dir, auth))
    finally:
        server.kill_all()
    return samples


async def idle_memory(c: ApiClient, data_dir: Path, auth: dict[str, str]) -> dict[str, list[float]]:
    """An idle runtime's memory, just connected and again after its first cell has run."""
    notebook = await c.create("notebook")
    runtime = (await c.post("/api/runtimes", json={"notebook_id": notebook["id"]})).json()
    await asyncio.sleep(3)  # let start-up settle
    samples = {f"idle_{k}": [v] for k, v in (await memory(c, runtime, data_dir)).items()}
    await first_result(str(c.base_url).rstrip("/"), runtime["kernel_id"], auth)
    await asyncio.sleep(2)
    used = await memory(c, runtime, data_dir)
    samples.update({f"used_{k}": [v] for k, v in used.items()})
    return samples


async def memory(c: ApiClient, runtime: dict[str, Any], data_dir: Path) -> dict[str, float]:
    """RSS as the usage meter reports it, PSS (shared library pages counted fairly) of every
    process of the runtime (its cgroup: bubblewrap, the kernel, slirp4netns), the RSS of the
    kernel process alone, and the PSS of slirp4netns (the runtime's network)."""
    usage = (await c.get(f"/api/runtimes/{runtime['id']}/usage")).json()
    pss = kernel_rss = network_pss = 0
    for pid in _runtime_pids(runtime["kernel_id"]):
        with contextlib.suppress(OSError):
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            figures = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in rollup[1:]}
            pss += figures.get("Pss", 0)
            if b"slirp4netns" in command.split(b"\0")[0]:
                network_pss += figures.get("Pss", 0)
            elif b"kernel" in command and not command.startswith(b"/usr/bin/bwrap"):
                kernel_rss += figures.get("Rss", 0)
    return {
        "rss": float(usage["memory_bytes"]),
        "pss": float(pss),
        "kernel_rss": float(kernel_rss),
        "network_pss": float(network_pss),
    }


def _runtime_pids(kernel_id: str) -> set[int]:
    """The processes in the runtime's limit groups (one per cgroup controller)."""
    pids: set[int] = set()
    for procs in Path("/sys/fs/cgroup").glob(f"*/**/{kernel_id}/cgroup.procs"):
        with contextlib.suppress(OSError):
            pids.update(int(p) for p in procs.read_text().split())
    return pids


async def stock(cold: int, root: Path) -> list[float]:
    token = "bench-token"
    headers = {"Authorization": f"token {token}"}
    async with (
        stock_jupyter_server(root, token) as base,
        httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as c,
    ):
        times = []
        for _ in range(cold):
            start = time.perf_counter()
            kernel = (await c.post("/api/kernels", json={"name": "python3"})).json()
            await first_result(base, kernel["id"], headers)
            times.append(time.perf_counter() - start)
            await c.delete(f"/api/kernels/{kernel['id']}")
    return times


def mib(values: list[float]) -> str:
    return f"{values[0] / MiB:.1f} MiB ({values[0] / 1e6:.1f} MB)"


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


async def main(warm: int, cold: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        mine = await ours(warm, cold, Path(tmp) / "data")
        theirs = await stock(cold, Path(tmp))
    ratio = statistics.median(mine["cold_first"]) / statistics.median(theirs)
    print("| measure (p50) | Collaboratory | stock Jupyter Server |")
    print("| --- | --- | --- |")
    print(f"| connect, warm pool (POST answers ready) | {ms(mine['warm'])} | — |")
    print(f"| connect, warm pool, to first result | {ms(mine['warm_first'])} | — |")
    print(f"| cold sandboxed start (POST answers ready) | {ms(mine['cold'])} | — |")
    print(f"| cold start, to first result | {ms(mine['cold_first'])} | {ms(theirs)} |")
    print(f"| cold start ratio (ours / stock) | {ratio:.2f}x | |")
    for prefix, when in (("idle", "just connected"), ("used", "after its first cell")):
        print(f"| idle runtime, {when}: RSS (usage meter) | {mib(mine[prefix + '_rss'])} | |")
        print(f"| idle runtime, {when}: PSS | {mib(mine[prefix + '_pss'])} | |")
        print(
            f"| idle runtime, {when}: kernel process RSS | {mib(mine[prefix + '_kernel_rss'])} | |"
        )
        print(f"| idle runtime, {when}: slirp4netns PSS | {mib(mine[prefix + '_network_pss'])} | |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warm", type=int, default=10)
    parser.add_argument("--cold", type=int, default=5)
    options = parser.parse_args()
    asyncio.run(main(options.warm, options.cold))
