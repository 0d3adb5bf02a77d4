"""The runtime types on offer, and whether each can be had now."""

from __future__ import annotations

from dataclasses import dataclass

from collaboratory.config import RuntimeSettings, RuntimeTypeSettings
from collaboratory.runtimes.accelerators import AcceleratorAllocator
from collaboratory.runtimes.errors import UnknownRuntimeType
from collaboratory.runtimes.runtime import kernelspec_name


@dataclass(frozen=True)
class Availability:
    type_id: str
    settings: RuntimeTypeSettings
    kernelspec: str
    available: bool
    reason: str | None
    free: int | None
    total: int | None


class RuntimeCatalog:
    def __init__(self, settings: RuntimeSettings, allocator: AcceleratorAllocator) -> None:
        self.settings = settings
        self.allocator = allocator
        if settings.default_type not in settings.types:
            raise ValueError(f"runtimes.default_type {settings.default_type!r} is not a type")

    def get(self, type_id: str | None) -> tuple[str, RuntimeTypeSettings]:
        type_id = type_id or self.settings.default_type
        found = self.settings.types.get(type_id)
        if found is None:
            choices = ", ".join(sorted(self.settings.types))
            raise UnknownRuntimeType(
                f"There is no runtime type '{type_id}'. Choose one of: {choices}."
            )
        return type_id, found

    def by_kernelspec(self, name: str) -> str:
        for type_id in self.settings.types:
            if kernelspec_name(type_id, self.settings.default_type) == name:
                return type_id
        raise UnknownRuntimeType(f"There is no kernel spec '{name}'.", code="no_such_kernel")

    def kernelspec(self, type_id: str) -> str:
        return kernelspec_name(type_id, self.settings.default_type)

    def availability(self, type_id: str) -> Availability:
        _, runtime_type = self.get(type_id)
        spec = self.kernelspec(type_id)
        kind = runtime_type.accelerator
        if kind == "none" or runtime_type.accelerator_count == 0:
            return Availability(type_id, runtime_type, spec, True, None, None, None)
        total, free = self.allocator.total(kind), len(self.allocator.free(kind))
        label, needed = kind.upper(), runtime_type.accelerator_count
        reason = None
        if total == 0:
            reason = f"This server has no {label} to offer."
        elif total < needed:
            reason = f"This server has {total} {label}(s); the type needs {needed}."
        elif free < runtime_type.accelerator_count:
            waiting = self.allocator.queue_length(kind)
            reason = (
                f"All {total} {label}(s) are in use; {waiting} request(s) waiting. You can queue."
            )
        available = total >= runtime_type.accelerator_count
        return Availability(type_id, runtime_type, spec, available, reason, free, total)

    def all(self) -> list[Availability]:
        return [self.availability(t) for t in self.settings.types]
