"""Accelerator discovery: static inventory, NVML, TPU and the entry point loader."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from collaboratory.config.settings import AcceleratorInventory
from collaboratory.runtimes.accelerators import discover_accelerators, load_discoveries
from collaboratory.runtimes.accelerators.nvml import NvmlDiscovery
from collaboratory.runtimes.accelerators.static import StaticDiscovery
from collaboratory.runtimes.accelerators.tpu import TpuDiscovery


def make_dev(tmp_path: Path, *names: str) -> Path:
    dev = tmp_path / "dev"
    dev.mkdir()
    for name in names:
        (dev / name).write_text("")
    return dev


def test_static_inventory_names_devices_and_binds_existing_nodes(tmp_path: Path) -> None:
    dev = make_dev(tmp_path, "nvidia1", "nvidiactl", "nvidia-uvm")
    (gpu,) = StaticDiscovery.create(AcceleratorInventory(gpu=["0", "1"]), dev_root=dev)
    first, second = gpu.discover()
    assert (first.id, first.kind) == ("0", "gpu")
    assert first.device_nodes == (str(dev / "nvidiactl"), str(dev / "nvidia-uvm"))
    assert second.device_nodes[0] == str(dev / "nvidia1")


def test_tpu_discovery_finds_accel_nodes_in_numeric_order(tmp_path: Path) -> None:
    dev = make_dev(tmp_path, "accel10", "accel2", "accelerator", "accel0")
    found = TpuDiscovery(dev_root=dev).discover()
    assert [Path(d.id).name for d in found] == ["accel0", "accel2", "accel10"]
    assert found[0].device_nodes == (str(dev / "accel0"),)


def test_nvml_without_library_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", None)  # import fails
    assert NvmlDiscovery().discover() == []


def fake_nvml(init_error: Exception | None = None) -> Any:
    nvml: Any = types.ModuleType("pynvml")

    def init() -> None:
        if init_error is not None:
            raise init_error

    nvml.nvmlInit = init
    nvml.nvmlShutdown = lambda: None
    nvml.nvmlDeviceGetCount = lambda: 1
    nvml.nvmlDeviceGetHandleByIndex = lambda i: i
    nvml.nvmlDeviceGetUUID = lambda h: b"GPU-1234"
    nvml.nvmlDeviceGetName = lambda h: "NVIDIA H200"
    nvml.nvmlDeviceGetMemoryInfo = lambda h: types.SimpleNamespace(total=141 * 2**30)
    nvml.nvmlDeviceGetMinorNumber = lambda h: 3
    return nvml


def test_nvml_without_driver_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", fake_nvml(RuntimeError("Driver Not Loaded")))
    assert NvmlDiscovery().discover() == []


def test_nvml_reports_gpus_by_uuid(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", fake_nvml())
    dev = make_dev(tmp_path, "nvidia3", "nvidiactl")
    (gpu,) = NvmlDiscovery(dev_root=dev).discover()
    assert (gpu.id, gpu.name, gpu.memory_bytes) == ("GPU-1234", "NVIDIA H200", 141 * 2**30)
    assert gpu.device_nodes == (str(dev / "nvidia3"), str(dev / "nvidiactl"))


def test_builtin_discoveries_come_through_entry_points() -> None:
    found = load_discoveries(AcceleratorInventory(gpu=["0"]))
    assert {type(d) for d in found} == {StaticDiscovery, NvmlDiscovery, TpuDiscovery}


def test_static_inventory_replaces_discovery_for_its_kind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", fake_nvml())
    dev = make_dev(tmp_path, "accel0")
    configured = discover_accelerators(AcceleratorInventory(gpu=["0", "1"]), dev_root=dev)
    assert [d.id for d in configured["gpu"]] == ["0", "1"]
    assert [d.id for d in configured["tpu"]] == [str(dev / "accel0")]
    discovered = discover_accelerators(AcceleratorInventory(tpu=[]), dev_root=dev)
    assert [d.id for d in discovered["gpu"]] == ["GPU-1234"]
    assert discovered["tpu"] == []
