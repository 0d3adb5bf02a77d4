"""The seam between the Jupyter-compatible kernel API and whatever runs the kernels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from collaboratory.runtimes.channels import ChannelSource


class KernelInfo(Protocol):
    """A runtime as the kernel API sees it."""

    kernel_id: str  # uuid string, as Jupyter clients expect
    kernelspec_name: str  # "python3" or "python3-<runtime type id>"
    last_activity: datetime  # tz-aware UTC
    execution_state: str  # "starting" | "idle" | "busy" | "dead" ...
    connections: int


class KernelProvider(Protocol):
    """Starts, finds and stops one user's kernels; the runtime manager implements it.

    ``start_kernel`` returns once :meth:`channel_source` can open channels to the kernel.
    Errors are :class:`collaboratory.errors.ServiceError` subclasses (``NotFound`` for a
    kernel that does not exist or belongs to someone else); the app turns them into JSON
    answers.
    """

    def kernelspec_names(self) -> dict[str, str]:
        """Kernelspec names to display names, e.g. ``{"python3": "Python 3"}``."""
        ...

    async def start_kernel(self, user_id: str, kernelspec_name: str) -> KernelInfo: ...

    async def list_kernels(self, user_id: str) -> Sequence[KernelInfo]: ...

    async def get_kernel(self, user_id: str, kernel_id: str) -> KernelInfo: ...

    async def shutdown_kernel(self, user_id: str, kernel_id: str) -> None: ...

    async def interrupt_kernel(self, user_id: str, kernel_id: str) -> None: ...

    async def restart_kernel(self, user_id: str, kernel_id: str) -> KernelInfo: ...

    def channel_source(self, kernel_id: str) -> ChannelSource:
        """What opens channels to the kernel (the seam in :mod:`collaboratory.runtimes.channels`);
        a ``ServiceError`` when the kernel cannot be reached now."""
        ...

    def note_activity(self, kernel_id: str, execution_state: str | None = None) -> None:
        """Called on every message through a websocket; must be cheap and must not block."""
        ...

    def connection_opened(self, kernel_id: str) -> None: ...

    def connection_closed(self, kernel_id: str) -> None: ...


DEFAULT_KERNELSPEC = "python3"
