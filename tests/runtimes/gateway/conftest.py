"""A real Jupyter Enterprise Gateway 3.x (from PyPI, in its own venv) launching local kernels
through its default process proxy, and our server configured to run its runtimes there."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.clients import ApiClient
from tests.servers import ROOT, Server, free_port

REQUIREMENTS = Path(__file__).with_name("enterprise_gateway_requirements.txt")
VENV = ROOT / ".venv-gateway"  # built by `make .stamps/venv-gateway`, or here the same way
TOKEN = "gateway-test-token"
IPYKERNEL = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
# A loaded machine (shared CI runners) can take half a minute just to import the server.
START_SECONDS = 120
KERNELSPECS = {
    "python3": IPYKERNEL,
    "python3-gpu": IPYKERNEL,
    "broken": ["/nonexistent/python", "-f", "{connection_file}"],  # the gateway answers 500
    "silent": [sys.executable, "-c", "import time; time.sleep(600)", "{connection_file}"],
}


def gateway_venv() -> Path:
    """The Enterprise Gateway venv; built from the pinned requirements if missing."""
    stamp = VENV / ".requirements"
    wanted = REQUIREMENTS.read_text()
    if not stamp.is_file() or stamp.read_text() != wanted:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(wanted)
    return VENV


def write_kernelspecs(root: Path) -> Path:
    """Kernelspecs the gateway launches with its LocalProcessProxy: our venv's ipykernel."""
    for name, argv in KERNELSPECS.items():
        spec = root / "kernels" / name
        spec.mkdir(parents=True, exist_ok=True)
        body = {"argv": argv, "display_name": name, "language": "python", "metadata": {}}
        (spec / "kernel.json").write_text(json.dumps(body))
    return root


@dataclass
class Gateway:
    url: str
    token: str
    proc: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL, as a crash or a lost node would end it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def kernels(self) -> list[dict[str, Any]]:
        headers = {"Authorization": f"token {self.token}"}
        response = httpx.get(f"{self.url}/api/kernels", headers=headers, timeout=10)
        response.raise_for_status()
        kernels: list[dict[str, Any]] = response.json()
        return kernels


def start_gateway(tmp: Path) -> Gateway:
    venv = gateway_venv()
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_PATH": str(write_kernelspecs(tmp / "share")),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
    }
    argv = [
        str(venv / "bin" / "jupyter-enterprisegateway"),
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port_retries=0",
        f"--EnterpriseGatewayApp.auth_token={TOKEN}",
        # EG refuses to launch kernels for root by default; these tests may run as root
        "--EnterpriseGatewayApp.unauthorized_users=set()",
        "--EnterpriseGatewayApp.list_kernels=True",
    ]
    log = tmp / "gateway.log"
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
    gateway = Gateway(f"http://127.0.0.1:{port}", TOKEN, proc, log)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"Enterprise Gateway exited:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            headers = {"Authorization": f"token {TOKEN}"}
            if httpx.get(f"{gateway.url}/api", headers=headers, timeout=1).status_code == 200:
                return gateway
        time.sleep(0.2)
    gateway.kill()
    raise AssertionError(f"Enterprise Gateway did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Gateway]:
    gw = start_gateway(tmp_path / "gateway")
    try:
        yield gw
    finally:
        with contextlib.suppress(httpx.HTTPError):
            for kernel in gw.kernels() if gw.proc.poll() is None else []:
                httpx.delete(
                    f"{gw.url}/api/kernels/{kernel['id']}",
                    headers={"Authorization": f"token {gw.token}"},
                    timeout=10,
                )
        gw.kill()


def gateway_config(path: Path, gateway: Gateway) -> Path:
    """Our server's config: runtimes on the gateway, a GPU type with its own kernelspec."""
    path.write_text(
        "[runtimes]\n"
        'backend = "gateway"\n'
        "warm_pool_enabled = false\n"
        "[runtimes.gateway]\n"
        f'url = "{gateway.url}"\n'
        f'auth_token = "{gateway.token}"\n'
        "launch_timeout_seconds = 60\n"
        "request_timeout_seconds = 15\n"
        'kernelspecs = { gpu = "python3-gpu", broken = "broken", silent = "silent" }\n'
        '[runtimes.types.broken]\nname = "Broken kernelspec"\nwarm_pool = 0\n'
        '[runtimes.types.silent]\nname = "A kernel that never answers"\nwarm_pool = 0\n'
        "[accelerators]\n"
        'gpu = ["0"]\n'  # the cluster's GPUs as this server shares them out
    )
    return path


@dataclass
class Ours:
    server: Server
    config: Path
    data_dir: Path

    def restart(self) -> None:
        """SIGKILL ours and start it again on the same data: its runtimes live on the gateway."""
        self.server.kill()
        self.server = Server(
            self.data_dir, free_port(), config=self.config, start_seconds=START_SECONDS
        )


@pytest.fixture
async def ours(tmp_path: Path, gateway: Gateway) -> AsyncIterator[Ours]:
    config = gateway_config(tmp_path / "collaboratory.toml", gateway)
    data_dir = tmp_path / "data"
    server = Ours(
        Server(data_dir, free_port(), config=config, start_seconds=START_SECONDS), config, data_dir
    )
    try:
        yield server
    finally:
        server.server.kill_all()


def notebook(*sources: str) -> bytes:
    cells = [
        {"id": f"c{i}", "cell_type": "code", "source": s, "metadata": {}, "outputs": []}
        | {"execution_count": None}
        for i, s in enumerate(sources)
    ]
    body = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(body).encode()


async def upload(client: ApiClient, *sources: str) -> str:
    response = await client.upload("gw.ipynb", notebook(*sources))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])
