"""Exclusive, fair hand-out of accelerators to runtimes."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from collaboratory.runtimes.accelerators.base import AcceleratorKind, Device
from collaboratory.runtimes.accelerators.errors import (
    AcceleratorLimitExceeded,
    AcceleratorRequestTooLarge,
    AllocationCancelled,
    NoAcceleratorAvailable,
)


@dataclass(frozen=True)
class Allocation:
    owner: str
    user: str
    kind: AcceleratorKind
    devices: tuple[Device, ...]

    @property
    def cuda_visible_devices(self) -> str:
        """The value for CUDA_VISIBLE_DEVICES (empty for TPUs and empty allocations)."""
        return ",".join(d.id for d in self.devices) if self.kind == "gpu" else ""

    @property
    def device_nodes(self) -> tuple[str, ...]:
        """The /dev paths the sandbox binds, each once."""
        return tuple(dict.fromkeys(n for d in self.devices for n in d.device_nodes))


@dataclass
class _Waiter:
    owner: str
    user: str
    kind: AcceleratorKind
    count: int
    future: asyncio.Future[Allocation]


class AcceleratorAllocator:
    """Hands out devices exclusively, first come first served, with a per-user cap.

    All state changes happen synchronously between awaits, so one event loop needs no lock.
    Waiters are served strictly in arrival order per kind: a small late request never
    overtakes a large earlier one, so no request starves.
    """

    def __init__(self, inventory: Mapping[AcceleratorKind, Iterable[Device]], *, max_per_user: int):
        self._devices = {kind: list(devs) for kind, devs in inventory.items()}
        self._max_per_user = max_per_user
        self._held: dict[str, Allocation] = {}
        self._queues: dict[AcceleratorKind, deque[_Waiter]] = {k: deque() for k in self._devices}

    def total(self, kind: AcceleratorKind) -> int:
        return len(self._devices.get(kind, ()))

    def free(self, kind: AcceleratorKind) -> list[Device]:
        busy = {d.id for a in self._held.values() if a.kind == kind for d in a.devices}
        return [d for d in self._devices.get(kind, ()) if d.id not in busy]

    def holding(self, owner: str) -> Allocation | None:
        return self._held.get(owner)

    def queue_length(self, kind: AcceleratorKind) -> int:
        return len(self._queues.get(kind, ()))

    def position(self, owner: str) -> int | None:
        """1-based place of ``owner`` in its queue; None when it is not waiting."""
        for queue in self._queues.values():
            for i, waiter in enumerate(queue, start=1):
                if waiter.owner == owner:
                    return i
        return None

    async def allocate(
        self, owner: str, kind: AcceleratorKind, count: int, *, wait: bool, user: str
    ) -> Allocation:
        """Devices for ``owner``; waits in the queue when ``wait``, else fails at once."""
        self._check(owner, kind, count, user)
        queue = self._queues[kind]
        free = self.free(kind)
        if not queue and len(free) >= count:
            return self._grant(owner, user, kind, free[:count])
        if not wait:
            raise NoAcceleratorAvailable(self._busy_message(kind, count, len(free)))
        future: asyncio.Future[Allocation] = asyncio.get_running_loop().create_future()
        queue.append(_Waiter(owner, user, kind, count, future))
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled() and future.exception() is None:
                self.release(owner)  # granted just as the waiting task was cancelled
            else:
                self._drop_waiter(owner)
            raise

    def cancel(self, owner: str) -> bool:
        """Stop ``owner`` waiting; its ``allocate`` raises AllocationCancelled."""
        waiter = self._drop_waiter(owner)
        if waiter is None:
            return False
        waiter.future.set_exception(
            AllocationCancelled("Waiting for an accelerator was cancelled.")
        )
        return True

    def release(self, owner: str) -> None:
        """Free what ``owner`` holds and serve the queue; a no-op when it holds nothing."""
        allocation = self._held.pop(owner, None)
        if allocation is not None:
            self._serve(allocation.kind)

    def _check(self, owner: str, kind: AcceleratorKind, count: int, user: str) -> None:
        if owner in self._held or self.position(owner) is not None:
            raise ValueError(f"{owner!r} already holds or awaits accelerators")
        if count < 1:
            raise AcceleratorRequestTooLarge("Ask for at least one accelerator.")
        if count > self.total(kind):
            raise AcceleratorRequestTooLarge(
                f"This machine has {self.total(kind)} {kind.upper()}(s); {count} were requested."
            )
        mine = sum(len(a.devices) for a in self._held.values() if a.user == user)
        mine += sum(w.count for q in self._queues.values() for w in q if w.user == user)
        if mine + count > self._max_per_user:
            raise AcceleratorLimitExceeded(
                f"You may hold at most {self._max_per_user} accelerator(s) at once and already "
                f"hold or await {mine}. Disconnect a runtime that uses one and try again."
            )

    def _busy_message(self, kind: AcceleratorKind, count: int, free: int) -> str:
        label, total, waiting = kind.upper(), self.total(kind), self.queue_length(kind)
        if free == 0:
            why = f"No {label} is available now: all {total} are in use"
        elif free < count:
            why = f"Not enough {label}s are available now: {free} of {total} free, {count} asked"
        else:
            why = f"No {label} is available now: {waiting} request(s) are waiting before you"
        return why + ". Try again later or choose to wait in the queue."

    def _grant(
        self, owner: str, user: str, kind: AcceleratorKind, devices: list[Device]
    ) -> Allocation:
        allocation = Allocation(owner, user, kind, tuple(devices))
        self._held[owner] = allocation
        return allocation

    def _serve(self, kind: AcceleratorKind) -> None:
        queue = self._queues[kind]
        while queue and len(free := self.free(kind)) >= queue[0].count:
            waiter = queue.popleft()
            if not waiter.future.done():
                allocation = self._grant(waiter.owner, waiter.user, kind, free[: waiter.count])
                waiter.future.set_result(allocation)

    def _drop_waiter(self, owner: str) -> _Waiter | None:
        for kind, queue in self._queues.items():
            for waiter in queue:
                if waiter.owner == owner:
                    queue.remove(waiter)
                    self._serve(kind)  # a large head leaving may let the next one through
                    return waiter
        return None
