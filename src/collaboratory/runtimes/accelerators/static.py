"""Accelerators listed in the configuration's ``[accelerators]`` table instead of discovered."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from collaboratory.runtimes.accelerators.base import (
    AcceleratorDiscovery,
    AcceleratorKind,
    Device,
    nvidia_device_nodes,
)

if TYPE_CHECKING:
    from collaboratory.config.settings import AcceleratorInventory

log = logging.getLogger(__name__)


class StaticDiscovery(AcceleratorDiscovery):
    """The devices of one kind named in the static inventory, e.g. ``gpu = ["0", "1"]``."""

    def __init__(
        self, kind: AcceleratorKind, ids: list[str], *, dev_root: Path = Path("/dev")
    ) -> None:
        super().__init__(dev_root=dev_root)
        self.kind = kind
        self.ids = list(ids)

    @classmethod
    def create(
        cls, inventory: AcceleratorInventory, *, dev_root: Path = Path("/dev")
    ) -> list[AcceleratorDiscovery]:
        found: list[AcceleratorDiscovery] = []
        if inventory.gpu is not None:
            found.append(cls("gpu", inventory.gpu, dev_root=dev_root))
        if inventory.tpu is not None:
            found.append(cls("tpu", inventory.tpu, dev_root=dev_root))
        return found

    def discover(self) -> list[Device]:
        return [self._device(i) for i in self.ids]

    def _device(self, device_id: str) -> Device:
        if self.kind == "tpu":
            nodes = (device_id,) if Path(device_id).exists() else ()
            return Device("tpu", device_id, f"TPU {Path(device_id).name}", None, nodes)
        if device_id.isdigit():
            minor: int | None = int(device_id)
        else:
            # A UUID says nothing about /dev/nvidiaN; NVML discovery knows the minor number.
            log.warning("GPU %r is not a number: its /dev/nvidiaN node is not bound", device_id)
            minor = None
        return Device(
            "gpu", device_id, f"GPU {device_id}", None, nvidia_device_nodes(minor, self.dev_root)
        )
