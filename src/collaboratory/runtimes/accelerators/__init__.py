"""Accelerators: what the machine has (discovery) and who holds what (allocation)."""

from collaboratory.runtimes.accelerators.allocator import AcceleratorAllocator, Allocation
from collaboratory.runtimes.accelerators.base import AcceleratorDiscovery, AcceleratorKind, Device
from collaboratory.runtimes.accelerators.errors import (
    AcceleratorError,
    AcceleratorLimitExceeded,
    AcceleratorRequestTooLarge,
    AllocationCancelled,
    NoAcceleratorAvailable,
)
from collaboratory.runtimes.accelerators.loader import discover_accelerators, load_discoveries

__all__ = [
    "AcceleratorAllocator",
    "AcceleratorDiscovery",
    "AcceleratorError",
    "AcceleratorKind",
    "AcceleratorLimitExceeded",
    "AcceleratorRequestTooLarge",
    "Allocation",
    "AllocationCancelled",
    "Device",
    "NoAcceleratorAvailable",
    "discover_accelerators",
    "load_discoveries",
]
