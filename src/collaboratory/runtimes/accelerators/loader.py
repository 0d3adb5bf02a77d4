"""Finds accelerator discoveries through entry points and builds the machine's inventory."""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

from collaboratory.runtimes.accelerators.base import AcceleratorDiscovery, AcceleratorKind, Device
from collaboratory.runtimes.accelerators.static import StaticDiscovery

if TYPE_CHECKING:
    from collaboratory.config.settings import AcceleratorInventory

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "collaboratory.accelerator_discovery"
KINDS: tuple[AcceleratorKind, ...] = ("gpu", "tpu")


def load_discoveries(
    inventory: AcceleratorInventory,
    *,
    dev_root: Path = Path("/dev"),
    group: str = ENTRY_POINT_GROUP,
) -> list[AcceleratorDiscovery]:
    """Instantiate every registered discovery (built-in ones are registered the same way)."""
    found: list[AcceleratorDiscovery] = []
    for ep in entry_points(group=group):
        try:
            cls = ep.load()
        except Exception:
            log.exception("Accelerator discovery %r could not be loaded; skipped", ep.name)
            continue
        if not (isinstance(cls, type) and issubclass(cls, AcceleratorDiscovery)):
            log.warning("Entry point %r is not an AcceleratorDiscovery; skipped", ep.name)
            continue
        found.extend(cls.create(inventory, dev_root=dev_root))
    return found


def discover_accelerators(
    inventory: AcceleratorInventory,
    *,
    dev_root: Path = Path("/dev"),
    discoveries: list[AcceleratorDiscovery] | None = None,
) -> dict[AcceleratorKind, list[Device]]:
    """Devices by kind. A kind listed in the static inventory is taken from it alone."""
    if discoveries is None:
        discoveries = load_discoveries(inventory, dev_root=dev_root)
    static_kinds = {k for k in KINDS if getattr(inventory, k) is not None}
    devices: dict[AcceleratorKind, list[Device]] = {k: [] for k in KINDS}
    for discovery in discoveries:
        if discovery.kind in static_kinds and not isinstance(discovery, StaticDiscovery):
            continue
        known = {d.id for d in devices[discovery.kind]}
        devices[discovery.kind].extend(d for d in discovery.discover() if d.id not in known)
    return devices
