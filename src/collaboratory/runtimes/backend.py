"""The runtime backend seam: the base owns no policy, a backend owns the mechanism.

A backend starts kernels and reports on them; :class:`~collaboratory.runtimes.manager.
RuntimeManager` decides who gets one, for how long, and with which accelerators. Backends are
registered under the entry point group ``collaboratory.runtime_backends``, the built-in
``local`` one included.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from collaboratory.config import RuntimeTypeSettings, Settings
from collaboratory.runtimes.accelerators import Allocation
from collaboratory.runtimes.channels import KernelChannels
from collaboratory.runtimes.crash import LimitEvents
from collaboratory.runtimes.zmq_channels import connection_key, open_zmq_channels

ENTRY_POINT_GROUP = "collaboratory.runtime_backends"


@dataclass(frozen=True)
class LaunchRequest:
    runtime_id: str
    kernel_id: str
    runtime_type: RuntimeTypeSettings
    allocation: Allocation | None = None
    env: dict[str, str] = field(default_factory=dict)
    type_id: str = ""  # the runtime type's id; empty for a warm-pool launch
    user_id: str = ""  # who the runtime is for; empty for a warm-pool launch


@dataclass(frozen=True)
class Usage:
    memory_bytes: int
    memory_limit_bytes: int | None
    cpu_percent: float
    disk_bytes: int
    disk_limit_bytes: int | None
    gpus: list[dict[str, Any]] = field(default_factory=list)
    reported: bool = True  # False: the backend cannot measure; the figures mean nothing

    @classmethod
    def not_reported(cls) -> Usage:
        """For a runtime whose usage cannot be measured here (a gateway's, a machine's)."""
        return cls(0, None, 0.0, 0, None, reported=False)


class RunningKernel(ABC):
    """One started kernel, as its backend knows it.

    Clients talk to it through :meth:`open_channels` (the seam in
    :mod:`collaboratory.runtimes.channels`): a kernel on this host reached over ZMQ need only
    give :meth:`connection_info`; a kernel elsewhere overrides :meth:`open_channels` and
    :meth:`channels_key` and leaves :meth:`connection_info` alone.
    """

    kernel_id: str

    def connection_info(self) -> dict[str, Any]:
        """jupyter_client connection info (transport, ip, ports, key) for ZMQ clients."""
        raise NotImplementedError(f"{type(self).__name__} is not reached over ZMQ.")

    async def open_channels(self) -> KernelChannels:
        """A new client's channels to this kernel, its iopub connected; raises
        :class:`~collaboratory.runtimes.channels.ChannelsUnavailable` when it cannot."""
        return await open_zmq_channels(self.connection_info())

    def channels_key(self) -> str:
        """Changes exactly when channels opened before can no longer reach the kernel."""
        return connection_key(self.connection_info())

    @abstractmethod
    def persisted_state(self) -> dict[str, Any]:
        """What :meth:`RuntimeBackend.adopt` needs to find this kernel after a restart."""

    @abstractmethod
    async def is_alive(self) -> bool: ...

    @abstractmethod
    async def interrupt(self) -> None: ...

    @abstractmethod
    async def restart(self) -> None:
        """A fresh kernel process; the runtime's files (and installed packages) stay."""

    @abstractmethod
    async def reset(self) -> None:
        """Factory reset: a fresh kernel and a fresh, empty ``/content``."""

    @abstractmethod
    async def shutdown(self) -> None: ...

    @abstractmethod
    async def usage(self) -> Usage: ...

    async def limit_events(self) -> LimitEvents | None:
        """What the runtime's limits counted (OOM kills, the pids limit hit), to say why it
        died or why a cell failed; None when the backend cannot tell."""
        return None

    def files_root(self) -> Path | None:
        """The host directory that is the runtime's ``/content``; None when not on this host."""
        return None

    def journal_dir(self) -> Path | None:
        """Where the kernel journals what it publishes (``collaboratory_kernel.journal``), on
        this host; None when it does not."""
        return None

    def detach(self) -> None:  # noqa: B027 - optional hook
        """The server stops and leaves this kernel running, for the next start to adopt."""


class RuntimeBackend(ABC):
    name: str

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @abstractmethod
    async def launch(self, request: LaunchRequest) -> RunningKernel: ...

    @abstractmethod
    async def adopt(self, request: LaunchRequest, state: dict[str, Any]) -> RunningKernel | None:
        """The kernel a previous server process started, if it is still alive."""

    def image_status(self, image: str) -> dict[str, Any] | None:
        """The state of runtime image ``image`` as a runtime starting on it waits for it
        (``name, state, percent, message``: see ``ImageStore.preparing``); None when this
        backend builds no images."""
        return None

    def describe(self) -> dict[str, str]:
        """What this backend enforces, for ``/api/status``."""
        return {"backend": self.name}

    async def sweep(self, known: set[str]) -> None:  # noqa: B027 - optional hook
        """Remove what the backend still holds for runtimes other than ``known`` (at start,
        after re-adoption: what a runtime that was never cleaned up left behind)."""

    async def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing
        """Release what the backend holds; runtimes are already shut down."""


def load_backend(settings: Settings) -> RuntimeBackend:
    name = settings.runtimes.backend
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            cls = ep.load()
            if not (isinstance(cls, type) and issubclass(cls, RuntimeBackend)):
                raise TypeError(f"Runtime backend {name!r} is not a RuntimeBackend")
            backend: RuntimeBackend = cls(settings)
            return backend
    known = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
    raise ValueError(f"Unknown runtime backend {name!r}; installed: {', '.join(known)}")
