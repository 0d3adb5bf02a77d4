"""What one sandboxed runtime gets: its directories, limits, devices and environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from collaboratory.runtimes.sandbox.choose import LimiterMode
from collaboratory.runtimes.sandbox.identity import RunAs
from collaboratory.runtimes.sandbox.limits import Limits
from collaboratory.runtimes.sandbox.network import NetworkPolicy, resolv_conf

SandboxMode = Literal["auto", "bubblewrap", "none"]

RESOLV_CONF = "resolv.conf"
# ZeroMQ ipc endpoints are Unix socket paths: at most 107 bytes, "-<port>" included.
_MAX_SOCKET_PATH = 100


@dataclass(frozen=True)
class SandboxSpec:
    """Passed to :class:`SandboxProvisioner` as launch kwarg ``sandbox_spec`` or as config."""

    runtime_dir: Path
    """Private to the server (0700): connection file and ipc sockets."""
    content_dir: Path
    """The runtime's writable ``/content``: working directory and HOME."""
    limits: Limits = field(default_factory=Limits)
    device_nodes: tuple[str, ...] = ()
    """Accelerator /dev nodes from the runtime's allocation; nothing else of /dev/nvidia*."""
    cuda_visible_devices: str = ""
    env: dict[str, str] = field(default_factory=dict)
    ro_binds: tuple[str, ...] = ()
    """Extra host paths visible read-only (e.g. a runtime Python environment)."""
    hide: tuple[str, ...] = ()
    """Host paths never visible even when below a bound path (data dir, config file)."""
    sandbox: SandboxMode = "auto"
    limiter: LimiterMode = "auto"
    network: NetworkPolicy = field(default_factory=NetworkPolicy)
    """What the runtime may reach; never the host or private ranges unless allowed."""
    tmp_dir: Path | None = None
    """Bound at /tmp (inside the runtime's disk quota); None: a tmpfs."""
    run_as: RunAs | None = None
    """uid and gid of the kernel; unset: nobody (65534) when the server runs as root."""
    content_subdirs: tuple[str, ...] = ()
    """Directories below /content that must exist when the kernel starts (owned like it)."""

    def __post_init__(self) -> None:
        if len(str(self.socket_prefix)) > _MAX_SOCKET_PATH:
            raise ValueError(
                f"Runtime directory path is too long for ipc sockets: {self.runtime_dir}"
            )

    @property
    def socket_prefix(self) -> Path:
        return self.runtime_dir / "k"

    @property
    def connection_file(self) -> Path:
        return self.runtime_dir / "kernel.json"

    def prepare(self) -> None:
        """Create the directories; the runtime directory is readable by its owner only."""
        self.runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.runtime_dir, 0o700)
        self.content_dir.mkdir(parents=True, exist_ok=True)
        for sub in self.content_subdirs:
            (self.content_dir / sub).mkdir(parents=True, exist_ok=True)
        if self.tmp_dir is not None:
            self.tmp_dir.mkdir(mode=0o1777, parents=True, exist_ok=True)
        if not self.network.offline:
            (self.runtime_dir / RESOLV_CONF).write_text(resolv_conf())

    @property
    def owned_by_kernel(self) -> list[Path]:
        """What the kernel's user must own: its directories and the ones it writes to."""
        return [
            self.runtime_dir,
            self.content_dir,
            *(self.content_dir / sub for sub in self.content_subdirs),
            *([self.tmp_dir] if self.tmp_dir is not None else []),
        ]

    def to_config(self) -> dict[str, Any]:
        """A JSON-able form for a kernel spec's ``kernel_provisioner.config.sandbox``."""
        return {
            "runtime_dir": str(self.runtime_dir),
            "content_dir": str(self.content_dir),
            "limits": self.limits.to_config(),
            "device_nodes": list(self.device_nodes),
            "cuda_visible_devices": self.cuda_visible_devices,
            "env": dict(self.env),
            "ro_binds": list(self.ro_binds),
            "hide": list(self.hide),
            "sandbox": self.sandbox,
            "limiter": self.limiter,
            "network": self.network.to_config(),
            "tmp_dir": str(self.tmp_dir) if self.tmp_dir is not None else None,
            "run_as": list(self.run_as) if self.run_as is not None else None,
            "content_subdirs": list(self.content_subdirs),
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SandboxSpec:
        data = dict(config)
        run_as = data.pop("run_as", None)
        tmp_dir = data.pop("tmp_dir", None)
        network = data.pop("network", None)
        data.pop("share_network", None)  # written by servers before the network policy
        return cls(
            runtime_dir=Path(data.pop("runtime_dir")),
            content_dir=Path(data.pop("content_dir")),
            limits=Limits(**data.pop("limits", {})),
            device_nodes=tuple(data.pop("device_nodes", ())),
            ro_binds=tuple(data.pop("ro_binds", ())),
            hide=tuple(data.pop("hide", ())),
            content_subdirs=tuple(data.pop("content_subdirs", ())),
            run_as=(int(run_as[0]), int(run_as[1])) if run_as else None,
            tmp_dir=Path(tmp_dir) if tmp_dir else None,
            network=NetworkPolicy.from_config(network) if network else NetworkPolicy(),
            **data,
        )
