"""TPUs exposed by the accel driver as ``/dev/accel*``."""

from __future__ import annotations

import logging
import re

from collaboratory.runtimes.accelerators.base import AcceleratorDiscovery, Device

log = logging.getLogger(__name__)


class TpuDiscovery(AcceleratorDiscovery):
    """One device per ``accelN`` node under the device root (``/dev``; injectable for tests)."""

    kind = "tpu"

    def discover(self) -> list[Device]:
        nodes = sorted(
            (p for p in self.dev_root.glob("accel*") if re.fullmatch(r"accel\d+", p.name)),
            key=lambda p: int(p.name.removeprefix("accel")),
        )
        if not nodes:
            log.info("TPU discovery found no %s/accel* devices", self.dev_root)
        return [Device("tpu", str(p), f"TPU {p.name}", None, (str(p),)) for p in nodes]
