"""Execute round trips to a kernel on a Jupyter Enterprise Gateway: straight to the gateway,
through ``collaboratory serve`` (gateway backend), and through a stock Jupyter Server
configured with ``--GatewayClient.url`` — all three on the same gateway.

    python bench/gateway_roundtrip.py [--n 300]

A round trip is an ``execute_request`` for ``pass`` until both its ``execute_reply`` and its
``status: idle`` have arrived, timed by a client in this process. The gateway is Enterprise
Gateway 3.x from ``.venv-gateway`` (``make .stamps/venv-gateway``) launching local ipykernels;
each path has its own kernel. The paths take turns, one round trip each, so that noise from the
machine hits all alike.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.clients import ApiClient  # noqa: E402
from tests.kernel_api.wsclient import KernelSocket  # noqa: E402
from tests.runtimes.gateway.conftest import Gateway, gateway_config, start_gateway  # noqa: E402
from tests.servers import Server, free_port, stock_jupyter_server  # noqa: E402

WARMUP = 30
CODE = "pass"
DIRECT = "straight to Enterprise Gateway (legacy JSON)"
RoundTrip = Callable[[], Awaitable[None]]


@contextlib.asynccontextmanager
async def over_websocket(url: str, headers: dict[str, str], v1: bool) -> AsyncIterator[RoundTrip]:
    async with KernelSocket.connect(url, v1, headers) as ks:

        async def round_trip() -> None:
            await ks.execute(CODE)

        yield round_trip


def ws_url(base: str, kernel_id: str) -> str:
    return f"{base.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels"


@contextlib.asynccontextmanager
async def direct(gateway: Gateway) -> AsyncIterator[RoundTrip]:
    auth = {"Authorization": f"token {gateway.token}"}
    async with httpx.AsyncClient(base_url=gateway.url, headers=auth, timeout=120) as client:
        kernel = (await client.post("/api/kernels", json={"name": "python3"})).json()
    async with over_websocket(ws_url(gateway.url, kernel["id"]), auth, False) as round_trip:
        yield round_trip


@contextlib.asynccontextmanager
async def collaboratory(tmp: Path, gateway: Gateway) -> AsyncIterator[RoundTrip]:
    config = gateway_config(tmp / "collaboratory.toml", gateway)
    server = Server(tmp / "data", free_port(), config=config, start_seconds=120)
    try:
        async with ApiClient(base_url=server.url, timeout=120) as client:
            await client.signup("bench", "correct horse battery")
            token = (await client.post("/api/tokens", json={"name": "bench"})).json()["token"]
            auth = {"Authorization": f"token {token}"}
            kernel = (await client.post("/api/kernels", json={}, headers=auth)).json()
        async with over_websocket(ws_url(server.url, kernel["id"]), auth, True) as round_trip:
            yield round_trip
    finally:
        server.kill_all()


@contextlib.asynccontextmanager
async def stock(tmp: Path, gateway: Gateway) -> AsyncIterator[RoundTrip]:
    token = "bench-token"
    extra = (f"--GatewayClient.url={gateway.url}", f"--GatewayClient.auth_token={gateway.token}")
    root = tmp / "stock"
    root.mkdir()
    async with stock_jupyter_server(root, token, *extra) as base:
        auth = {"Authorization": f"token {token}"}
        async with httpx.AsyncClient(base_url=base, headers=auth, timeout=120) as client:
            kernel = (await client.post("/api/kernels", json={"name": "python3"})).json()
        # jupyter_server relays a gateway kernel's messages as text (legacy JSON), v1 or not
        async with over_websocket(ws_url(base, kernel["id"]), auth, False) as round_trip:
            yield round_trip


async def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        gateway = start_gateway(tmp / "gateway")
        try:
            async with contextlib.AsyncExitStack() as stack:
                paths = {
                    DIRECT: await stack.enter_async_context(direct(gateway)),
                    "Collaboratory websocket (v1) → gateway": await stack.enter_async_context(
                        collaboratory(tmp, gateway)
                    ),
                    "stock Jupyter Server websocket (legacy) → gateway": (
                        await stack.enter_async_context(stock(tmp, gateway))
                    ),
                }
                times: dict[str, list[float]] = {name: [] for name in paths}
                for i in range(WARMUP + n):
                    for name, round_trip in paths.items():
                        start = time.perf_counter()
                        await round_trip()
                        if i >= WARMUP:
                            times[name].append(time.perf_counter() - start)
        finally:
            gateway.kill()
    base = statistics.median(times[DIRECT])
    print(f"Execute round trip (`{CODE}`) on Enterprise Gateway, n={n} each after {WARMUP}")
    print("warm-up, in milliseconds\n")
    print("| path | p50 | p90 | p50 vs straight |\n| --- | ---: | ---: | ---: |")
    for name, samples in times.items():
        ordered = sorted(samples)
        p50, p90 = statistics.median(ordered), ordered[int(0.9 * len(ordered))]
        print(f"| {name} | {p50 * 1e3:.2f} | {p90 * 1e3:.2f} | {p50 / base:.2f}× |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    asyncio.run(main(parser.parse_args().n))
