"""NVIDIA GPUs found through NVML (the ``nvidia-ml-py`` package, optional)."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from collaboratory.runtimes.accelerators.base import (
    AcceleratorDiscovery,
    Device,
    nvidia_device_nodes,
)

log = logging.getLogger(__name__)


class NvmlDiscovery(AcceleratorDiscovery):
    """GPUs the NVIDIA driver reports; none (with a logged reason) without driver or library."""

    kind = "gpu"

    def discover(self) -> list[Device]:
        try:
            nvml: Any = importlib.import_module("pynvml")
        except ImportError:
            log.info("NVML GPU discovery skipped: nvidia-ml-py is not installed")
            return []
        try:
            nvml.nvmlInit()
        except Exception as exc:  # pynvml.NVMLError, raised when there is no driver
            log.info("NVML GPU discovery found no NVIDIA driver: %s", exc)
            return []
        try:
            return [self._device(nvml, i) for i in range(nvml.nvmlDeviceGetCount())]
        except Exception as exc:
            log.warning("NVML GPU discovery failed: %s", exc)
            return []
        finally:
            nvml.nvmlShutdown()

    def _device(self, nvml: Any, index: int) -> Device:
        handle = nvml.nvmlDeviceGetHandleByIndex(index)
        uuid = _text(nvml.nvmlDeviceGetUUID(handle))
        # The UUID names the GPU in CUDA_VISIBLE_DEVICES however CUDA orders devices.
        return Device(
            kind="gpu",
            id=uuid,
            name=_text(nvml.nvmlDeviceGetName(handle)),
            memory_bytes=int(nvml.nvmlDeviceGetMemoryInfo(handle).total),
            device_nodes=nvidia_device_nodes(nvml.nvmlDeviceGetMinorNumber(handle), self.dev_root),
        )


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value
