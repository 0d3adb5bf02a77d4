"""Execute round trips to an ipykernel: raw ZMQ, our websocket bridge, stock Jupyter Server.

    python bench/kernel_roundtrip.py [--n 300]

A round trip is an ``execute_request`` for ``pass`` until both its ``execute_reply`` and the
``status: idle`` it causes have arrived, timed by a client in this process. The servers run as
processes of their own, as in production: ``collaboratory serve`` with two sandboxed runtimes,
one reached through its websocket channels and one straight over ZMQ (the baseline), and a
stock Jupyter Server with an unsandboxed ipykernel. The paths take turns, one round trip each,
so that noise from the machine hits all alike.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from jupyter_client.asynchronous.client import AsyncKernelClient  # noqa: E402
from tests.clients import ApiClient  # noqa: E402
from tests.kernel_api.wsclient import KernelSocket  # noqa: E402
from tests.servers import Server, free_port  # noqa: E402

from collaboratory.runtimes.local import socket_root  # noqa: E402

WARMUP = 30
CODE = "pass"
RAW = "raw jupyter_client (ZMQ)"
RoundTrip = Callable[[], Awaitable[None]]


@contextlib.asynccontextmanager
async def raw_zmq(connection_file: Path) -> AsyncIterator[RoundTrip]:
    """Straight to a runtime's kernel over its ipc sockets, as any jupyter_client would."""
    kc = AsyncKernelClient()
    kc.load_connection_file(str(connection_file))
    kc.start_channels()

    async def round_trip() -> None:
        msg_id = kc.execute(CODE)
        while (await kc.get_shell_msg(timeout=10))["parent_header"]["msg_id"] != msg_id:
            pass
        while True:
            msg = await kc.get_iopub_msg(timeout=10)
            mine = msg["parent_header"].get("msg_id") == msg_id
            if mine and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return

    try:
        await kc.wait_for_ready(timeout=60)
        yield round_trip
    finally:
        kc.stop_channels()


@contextlib.asynccontextmanager
async def server_process(argv: list[str], ready_url: str) -> AsyncIterator[None]:
    quiet = asyncio.subprocess.DEVNULL
    proc = await asyncio.create_subprocess_exec(*argv, stdout=quiet, stderr=quiet)
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(600):
                if proc.returncode is not None:
                    raise RuntimeError(f"{argv[:3]} exited with {proc.returncode}")
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(ready_url)).status_code < 500:
                        break
                await asyncio.sleep(0.1)
        yield
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 30)


@contextlib.asynccontextmanager
async def over_websocket(url: str, headers: dict[str, str]) -> AsyncIterator[RoundTrip]:
    async with KernelSocket.connect(url, True, headers) as ks:

        async def round_trip() -> None:
            await ks.execute(CODE)

        yield round_trip


@contextlib.asynccontextmanager
async def collaboratory(data_dir: Path) -> AsyncIterator[tuple[RoundTrip, RoundTrip]]:
    """A real ``collaboratory serve`` with two sandboxed runtimes: (websocket, raw ZMQ)."""
    server = Server(data_dir, free_port(), start_seconds=120)  # a loaded machine imports slowly
    try:
        # the first kernel may wait for the runtime image to be built (COLLABORATORY_RUNTIMES__
        # IMAGES_DIR keeps it between runs)
        async with ApiClient(base_url=server.url, timeout=600) as client:
            await client.signup("bench", "correct horse battery")
            token = (await client.post("/api/tokens", json={"name": "bench"})).json()["token"]
            auth = {"Authorization": f"token {token}"}
            kernel = (await client.post("/api/kernels", json={}, headers=auth)).json()
            notebook = await client.create("notebook")
            other = (
                await client.post("/api/runtimes", json={"notebook_id": notebook["id"]})
            ).json()
        url = f"{server.url.replace('http', 'ws')}/api/kernels/{kernel['id']}/channels"
        connection_file = socket_root(data_dir) / other["id"][:12] / "kernel.json"
        async with over_websocket(url, auth) as ws, raw_zmq(connection_file) as raw:
            yield ws, raw
    finally:
        server.kill_all()


@contextlib.asynccontextmanager
async def jupyter_server(root_dir: str) -> AsyncIterator[RoundTrip]:
    port, token = free_port(), "bench-token"
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"token {token}"}
    argv = [sys.executable, "-m", "jupyter_server", f"--IdentityProvider.token={token}"]
    argv += [f"--port={port}", "--ServerApp.open_browser=False", f"--ServerApp.root_dir={root_dir}"]
    argv += ["--allow-root"] if os.geteuid() == 0 else []
    async with server_process(argv, f"{base}/api/status"):
        async with httpx.AsyncClient(base_url=base, headers=auth) as client:
            kernel = (await client.post("/api/kernels", json={"name": "python3"})).json()
        url = f"ws://127.0.0.1:{port}/api/kernels/{kernel['id']}/channels"
        async with over_websocket(url, auth) as round_trip:
            yield round_trip


async def main(n: int) -> None:
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        async with contextlib.AsyncExitStack() as stack:
            ws, raw = await stack.enter_async_context(collaboratory(Path(tmp) / "data"))
            paths = {RAW: raw, "Collaboratory websocket (v1)": ws}
            if importlib.util.find_spec("jupyter_server") is not None:
                stock = await stack.enter_async_context(jupyter_server(tmp))
                paths["Jupyter Server websocket (v1)"] = stock
            times = {name: [] for name in paths}
            for i in range(WARMUP + n):
                for name, round_trip in paths.items():
                    start = time.perf_counter()
                    await round_trip()
                    if i >= WARMUP:
                        times[name].append(time.perf_counter() - start)
    raw_p50 = statistics.median(times[RAW])
    print(f"Execute round trip (`{CODE}`), n={n} each after {WARMUP} warm-up, in milliseconds\n")
    print("| path | p50 | p90 | p50 vs raw |\n| --- | ---: | ---: | ---: |")
    for name, samples in times.items():
        ordered = sorted(samples)
        p50, p90 = statistics.median(ordered), ordered[int(0.9 * len(ordered))]
        print(f"| {name} | {p50 * 1e3:.2f} | {p90 * 1e3:.2f} | {p50 / raw_p50:.2f}× |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.n))
