"""The accelerator discovery seam: a device, and the base class every discovery implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collaboratory.config.settings import AcceleratorInventory

AcceleratorKind = Literal["gpu", "tpu"]

# Shared NVIDIA control nodes a CUDA process opens besides its own /dev/nvidiaN.
NVIDIA_CONTROL_NODES = ("nvidiactl", "nvidia-uvm", "nvidia-uvm-tools")


@dataclass(frozen=True)
class Device:
    """One accelerator a runtime can be given."""

    kind: AcceleratorKind
    id: str
    """As CUDA_VISIBLE_DEVICES names it (index or GPU-UUID), or the TPU device path."""
    name: str
    memory_bytes: int | None = None
    device_nodes: tuple[str, ...] = ()
    """Host /dev paths the sandbox must bind for this device to work."""


class AcceleratorDiscovery(ABC):
    """Finds the accelerators of one kind on this machine.

    Implementations are registered under the entry point group
    ``collaboratory.accelerator_discovery``; :meth:`create` builds the instances to use.
    """

    kind: AcceleratorKind

    def __init__(self, *, dev_root: Path = Path("/dev")) -> None:
        self.dev_root = dev_root

    @classmethod
    def create(
        cls, inventory: AcceleratorInventory, *, dev_root: Path = Path("/dev")
    ) -> list[AcceleratorDiscovery]:
        """The discoveries this class contributes for the configured inventory."""
        return [cls(dev_root=dev_root)]

    @abstractmethod
    def discover(self) -> list[Device]:
        """The devices present now; an empty list (with a logged reason) when none can be found."""


def nvidia_device_nodes(minor: int | None, dev_root: Path) -> tuple[str, ...]:
    """The existing device nodes GPU number ``minor`` needs: its own node and the shared ones."""
    names = ([f"nvidia{minor}"] if minor is not None else []) + list(NVIDIA_CONTROL_NODES)
    return tuple(str(dev_root / n) for n in names if (dev_root / n).exists())
