"""The runtimes as the Jupyter-compatible kernel API sees them (its ``KernelProvider``)."""

from __future__ import annotations

from collections.abc import Sequence

from collaboratory.accounts.models import User
from collaboratory.db import Database
from collaboratory.errors import NotFound
from collaboratory.runtimes.channels import ChannelSource
from collaboratory.runtimes.errors import RuntimeNotReady
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.runtimes.runtime import Runtime

# How long POST /api/kernels waits for a kernel to start before answering "starting".
START_WAIT_SECONDS = 60.0


class RuntimeKernels:
    """A kernel started through the Jupyter API is a runtime like any other."""

    def __init__(self, manager: RuntimeManager, db: Database) -> None:
        self.manager = manager
        self.db = db

    def kernelspec_names(self) -> dict[str, str]:
        names = {}
        for type_id, runtime_type in self.manager.settings.runtimes.types.items():
            spec = self.manager.catalog.kernelspec(type_id)
            names[spec] = "Python 3" if spec == "python3" else f"Python 3 on {runtime_type.name}"
        return names

    async def start_kernel(self, user_id: str, kernelspec_name: str) -> Runtime:
        type_id = self.manager.catalog.by_kernelspec(kernelspec_name)
        async with self.db.session() as s:
            user = await s.get(User, user_id)
        if user is None:
            raise NotFound("No such user.")
        runtime = await self.manager.connect(user, None, type_id, wait=False)
        await self.manager.wait_until_started(runtime, START_WAIT_SECONDS)
        return runtime

    async def list_kernels(self, user_id: str) -> Sequence[Runtime]:
        # A runtime that never started has no kernel to show; one whose kernel died is
        # listed, as Jupyter Server lists it, with execution_state "dead".
        return [r for r in self.manager.for_user(user_id) if r.kernel is not None or not r.dead]

    async def get_kernel(self, user_id: str, kernel_id: str) -> Runtime:
        return self.manager.get_by_kernel(user_id, kernel_id)

    async def shutdown_kernel(self, user_id: str, kernel_id: str) -> None:
        await self.manager.delete(self.manager.get_by_kernel(user_id, kernel_id))

    async def interrupt_kernel(self, user_id: str, kernel_id: str) -> None:
        await self.manager.interrupt(self.manager.get_by_kernel(user_id, kernel_id))

    async def restart_kernel(self, user_id: str, kernel_id: str) -> Runtime:
        runtime = self.manager.get_by_kernel(user_id, kernel_id)
        await self.manager.restart(runtime)
        return runtime

    def channel_source(self, kernel_id: str) -> ChannelSource:
        runtime = self.manager.by_kernel_id(kernel_id)
        if runtime is None:
            raise NotFound(f"No such kernel: {kernel_id}.")
        if runtime.dead:
            raise RuntimeNotReady("The kernel has died. Restart it to go on.")
        if runtime.kernel is None:
            raise RuntimeNotReady("The kernel is still starting. Try again in a moment.")
        return runtime.kernel

    def note_activity(self, kernel_id: str, execution_state: str | None = None) -> None:
        runtime = self.manager.by_kernel_id(kernel_id)
        if runtime is not None:
            runtime.touch(execution_state)

    def connection_opened(self, kernel_id: str) -> None:
        runtime = self.manager.by_kernel_id(kernel_id)
        if runtime is not None:
            runtime.connections += 1

    def connection_closed(self, kernel_id: str) -> None:
        runtime = self.manager.by_kernel_id(kernel_id)
        if runtime is not None:
            runtime.connections = max(0, runtime.connections - 1)
