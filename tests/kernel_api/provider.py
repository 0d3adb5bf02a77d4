"""A real KernelProvider for tests and the bench: local ipykernel processes.

They talk over Unix sockets (``ipc``) in a private directory by default, as local runtimes do:
TCP ports picked by jupyter_client can be taken by another socket before the kernel binds them,
which makes kernel starts fail now and then on a busy test machine.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jupyter_client.manager import AsyncKernelManager

from collaboratory.errors import NotFound
from collaboratory.kernel_api import KernelInfo, KernelProvider
from collaboratory.runtimes.channels import ChannelSource
from collaboratory.runtimes.zmq_channels import ZmqSource


@dataclass
class LocalKernel:
    kernel_id: str
    kernelspec_name: str
    user_id: str
    km: AsyncKernelManager
    last_activity: datetime = field(default_factory=lambda: datetime.now(UTC))
    execution_state: str = "starting"
    connections: int = 0


class LocalKernelProvider:
    """Every kernelspec runs the same local ipykernel; kernels belong to the user who started
    them, and any other user is told they do not exist."""

    def __init__(self, transport: str = "ipc") -> None:
        self.kernels: dict[str, LocalKernel] = {}
        self.transport = transport
        self._sockets = tempfile.TemporaryDirectory(prefix="kapi-")

    def kernelspec_names(self) -> dict[str, str]:
        return {"python3": "Python 3", "python3-gpu": "Python 3 (GPU)"}

    async def start_kernel(self, user_id: str, kernelspec_name: str) -> KernelInfo:
        kernel_id = str(uuid.uuid4())
        km = AsyncKernelManager(kernel_name="python3", **self._where(kernel_id))
        kernel = LocalKernel(kernel_id, kernelspec_name, user_id, km)
        self.kernels[kernel.kernel_id] = kernel
        await km.start_kernel()
        await wait_for_ready(km)
        kernel.execution_state = "idle"
        return kernel

    async def list_kernels(self, user_id: str) -> list[LocalKernel]:
        return [k for k in self.kernels.values() if k.user_id == user_id]

    async def get_kernel(self, user_id: str, kernel_id: str) -> KernelInfo:
        return self._own(user_id, kernel_id)

    async def shutdown_kernel(self, user_id: str, kernel_id: str) -> None:
        kernel = self._own(user_id, kernel_id)
        del self.kernels[kernel_id]
        await kernel.km.shutdown_kernel(now=True)

    async def interrupt_kernel(self, user_id: str, kernel_id: str) -> None:
        await self._own(user_id, kernel_id).km.interrupt_kernel()

    async def restart_kernel(self, user_id: str, kernel_id: str) -> KernelInfo:
        kernel = self._own(user_id, kernel_id)
        kernel.execution_state = "restarting"
        await kernel.km.restart_kernel(now=True)
        await wait_for_ready(kernel.km)
        kernel.execution_state = "idle"
        return kernel

    def channel_source(self, kernel_id: str) -> ChannelSource:
        return ZmqSource(self.kernels[kernel_id].km.get_connection_info())

    def note_activity(self, kernel_id: str, execution_state: str | None = None) -> None:
        kernel = self.kernels.get(kernel_id)
        if kernel is not None:
            kernel.last_activity = datetime.now(UTC)
            if execution_state is not None:
                kernel.execution_state = execution_state

    def connection_opened(self, kernel_id: str) -> None:
        if kernel := self.kernels.get(kernel_id):
            kernel.connections += 1

    def connection_closed(self, kernel_id: str) -> None:
        if kernel := self.kernels.get(kernel_id):
            kernel.connections -= 1

    async def close(self) -> None:
        kernels, self.kernels = list(self.kernels.values()), {}
        await asyncio.gather(*(k.km.shutdown_kernel(now=True) for k in kernels))
        self._sockets.cleanup()

    def _where(self, kernel_id: str) -> dict[str, str]:
        if self.transport == "tcp":
            return {"transport": "tcp", "ip": "127.0.0.1"}
        return {"transport": "ipc", "ip": os.path.join(self._sockets.name, kernel_id[:8])}

    def _own(self, user_id: str, kernel_id: str) -> LocalKernel:
        kernel = self.kernels.get(kernel_id)
        if kernel is None or kernel.user_id != user_id:
            raise NotFound("There is no such kernel.", code="no_such_kernel")
        return kernel


async def wait_for_ready(km: AsyncKernelManager) -> None:
    """Until the kernel answers, as the runtimes wait before anyone connects."""
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
    finally:
        client.stop_channels()


def _conforms(provider: LocalKernelProvider) -> KernelProvider:
    return provider  # mypy checks here that the test provider implements the seam
