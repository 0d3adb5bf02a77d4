"""Live figures of a runtime's GPUs for the usage meters, from NVML when it is there."""

from __future__ import annotations

import importlib
from typing import Any

from collaboratory.runtimes.accelerators.base import Device


def gpu_figures(devices: tuple[Device, ...]) -> list[dict[str, Any]]:
    """One entry per GPU; utilization and memory in use are None where NVML cannot tell."""
    figures = [
        {
            "id": d.id,
            "name": d.name,
            "utilization_percent": None,
            "memory_used_bytes": None,
            "memory_total_bytes": d.memory_bytes,
        }
        for d in devices
        if d.kind == "gpu"
    ]
    if figures:
        _fill_from_nvml(figures)
    return figures


def _fill_from_nvml(figures: list[dict[str, Any]]) -> None:
    try:
        nvml: Any = importlib.import_module("pynvml")
        nvml.nvmlInit()
    except Exception:  # no library or no driver: the figures stay unknown
        return
    try:
        for entry in figures:
            try:
                handle = nvml.nvmlDeviceGetHandleByUUID(entry["id"])
            except Exception:
                continue  # a static inventory names devices by index, not UUID
            memory = nvml.nvmlDeviceGetMemoryInfo(handle)
            entry["utilization_percent"] = int(nvml.nvmlDeviceGetUtilizationRates(handle).gpu)
            entry["memory_used_bytes"] = int(memory.used)
            entry["memory_total_bytes"] = int(memory.total)
    finally:
        nvml.nvmlShutdown()
