"""What the first connection to a new gateway kernel costs: the websocket alone, and the
websocket plus the wait until the gateway reports the kernel's state (``GatewayKernel.
open_channels``: probes ``kernel_info`` on control until the gateway's own iopub watch, made at
launch, has seen a status; without it a reconnect during the first cell loses an output).

    python bench/gateway_first_connect.py [--n 10]

Each kernel is launched on Enterprise Gateway 3.x from ``.venv-gateway`` and connected at once,
as a first run does; the two ways take turns on fresh kernels.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.runtimes.gateway.conftest import start_gateway  # noqa: E402

from collaboratory.config.settings import GatewaySettings  # noqa: E402
from collaboratory.runtimes.gateway.backend import GatewayKernel  # noqa: E402
from collaboratory.runtimes.gateway.channels import open_gateway_channels  # noqa: E402
from collaboratory.runtimes.gateway.client import GatewayClient  # noqa: E402


async def first_connect(client: GatewayClient, watched: bool) -> float:
    model = await client.start_kernel("python3", {"KERNEL_USERNAME": "bench"})
    kernel = GatewayKernel(client, uuid.uuid4().hex, str(model["id"]), {})
    start = time.perf_counter()
    if watched:
        channels = await kernel.open_channels()
    else:
        url = client.websocket_url(kernel.gateway_id, f"collaboratory-{kernel.gateway_id}")
        channels = await open_gateway_channels(url, client.headers, 15)
    took = time.perf_counter() - start
    await channels.close()
    await client.delete_kernel(kernel.gateway_id)
    return took


async def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        gateway = start_gateway(Path(name) / "gateway")
        client = GatewayClient(GatewaySettings(url=gateway.url, auth_token=gateway.token))
        times: dict[bool, list[float]] = {False: [], True: []}
        try:
            for _ in range(n):
                for watched in (False, True):
                    times[watched].append(await first_connect(client, watched))
        finally:
            await client.close()
            gateway.kill()
    for watched, label in ((False, "websocket only"), (True, "websocket + state known")):
        ms = sorted(t * 1000 for t in times[watched])
        print(f"{label:26} median {statistics.median(ms):7.1f} ms   max {ms[-1]:7.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10)
    asyncio.run(main(parser.parse_args().n))
