"""A kernel on a connected machine, as the runtime manager holds it."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from collaboratory.runtimes.backend import RunningKernel, Usage
from collaboratory.runtimes.remote.protocol import wire_message
from collaboratory.runtimes.remote.proxy import KernelProxy

if TYPE_CHECKING:
    from collaboratory.runtimes.remote.machine import Machine

SHUTDOWN_SECONDS = 10.0


class MachineKernel(RunningKernel):
    def __init__(self, machine: Machine, kernel_id: str, runtime_id: str) -> None:
        self.machine = machine
        self.kernel_id = kernel_id
        self.runtime_id = runtime_id
        self.gone = False  # the machine said the kernel ended, or the machine was replaced
        self.proxy = KernelProxy(self._forward)

    def _forward(self, channel: str, msg: dict[str, Any]) -> None:
        self.machine.send(
            {"type": "msg", "kernel_id": self.kernel_id, "channel": channel,
             "msg": wire_message(msg)}
        )  # fmt: skip

    def connection_info(self) -> dict[str, Any]:
        return self.proxy.connection_info()

    def persisted_state(self) -> dict[str, Any]:
        return {"machine": self.machine.type_id}

    async def is_alive(self) -> bool:
        return not self.gone and self.machine.reachable()

    async def interrupt(self) -> None:
        await self.machine.request("interrupt", self.kernel_id)

    async def restart(self) -> None:
        await self.machine.request("restart", self.kernel_id)

    async def reset(self) -> None:
        # The machine's files are its owner's own: a reset restarts the kernel, deletes nothing.
        await self.machine.request("restart", self.kernel_id)

    async def shutdown(self) -> None:
        try:
            if self.machine.linked() and not self.gone:
                with contextlib.suppress(Exception):
                    await self.machine.request("shutdown", self.kernel_id, SHUTDOWN_SECONDS)
        finally:
            self.machine.kernels.pop(self.kernel_id, None)
            await self.proxy.close()

    async def usage(self) -> Usage:
        return Usage(0, None, 0.0, 0, None)
