"""Runtimes by type and state, the accelerator queue, connect and queue latency, culls."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from collaboratory.db import utcnow
from collaboratory.runtimes.accelerators.base import AcceleratorKind
from collaboratory.runtimes.events import RuntimeEvent
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.runtimes.models import STATES
from collaboratory.runtimes.runtime import Runtime

KINDS: tuple[AcceleratorKind, ...] = ("gpu", "tpu")
CULL_REASONS = ("idle", "lifetime")
# From a warm runtime's few milliseconds to a cold GPU start's minutes.
CONNECT_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300)
WAIT_BUCKETS = (0.1, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200)


class RuntimeMetrics(Collector):
    def __init__(self, registry: CollectorRegistry, manager: RuntimeManager) -> None:
        self.manager = manager
        self.connect = Histogram(
            "collaboratory_runtime_connect_seconds",
            "From asking for a runtime to its kernel running (a warm one: at once).",
            ["runtime_type"],
            buckets=CONNECT_BUCKETS,
            registry=registry,
        )
        self.accelerator_wait = Histogram(
            "collaboratory_accelerator_wait_seconds",
            "How long a runtime waited for its accelerators (0 when some were free).",
            ["kind"],
            buckets=WAIT_BUCKETS,
            registry=registry,
        )
        self.culls = Counter(
            "collaboratory_runtime_culls",
            "Runtimes reclaimed by the culler, by reason (idle, lifetime).",
            ["reason"],
            registry=registry,
        )
        for type_id in manager.settings.runtimes.types:
            self.connect.labels(type_id)
        for kind in KINDS:
            self.accelerator_wait.labels(kind)
        for reason in CULL_REASONS:
            self.culls.labels(reason)
        registry.register(self)
        # Runtimes this process connected (re-adopted ones are older) whose kernel runs, and
        # those granted their accelerators: each is observed once.
        self._since = utcnow()
        self._connected: weakref.WeakSet[Runtime] = weakref.WeakSet()
        self._granted: weakref.WeakSet[Runtime] = weakref.WeakSet()
        self._events: asyncio.Task[None] | None = None
        manager.on_change.append(self._changed)

    def start(self) -> None:
        self._events = asyncio.get_running_loop().create_task(self._count_culls())

    async def close(self) -> None:
        if self._events is not None:
            self._events.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._events

    def _changed(self, runtime: Runtime) -> None:
        if runtime.created_at < self._since or runtime.dead or runtime in self._connected:
            return
        seconds = (utcnow() - runtime.created_at).total_seconds()
        if runtime.allocation is not None and runtime not in self._granted:
            self._granted.add(runtime)
            self.accelerator_wait.labels(runtime.allocation.kind).observe(seconds)
        if runtime.kernel is not None:
            self._connected.add(runtime)
            self.connect.labels(runtime.type_id).observe(seconds)

    async def _count_culls(self) -> None:
        queue = self.manager.events.subscribe()
        try:
            while True:
                event: RuntimeEvent = await queue.get()
                if event.kind == "culled":
                    self.culls.labels(str(event.data.get("reason", "unknown"))).inc()
        finally:
            self.manager.events.unsubscribe(queue)

    def collect(self) -> Iterator[Metric]:
        runtimes = GaugeMetricFamily(
            "collaboratory_runtimes",
            "Runtimes held now, by runtime type and state.",
            labels=["runtime_type", "state"],
        )
        counts = {(t, s): 0 for t in self.manager.settings.runtimes.types for s in STATES}
        for runtime in self.manager.all():
            key = (runtime.type_id, runtime.state)
            counts[key] = counts.get(key, 0) + 1
        for (type_id, state), count in sorted(counts.items()):
            runtimes.add_metric([type_id, state], count)
        yield runtimes
        allocator = self.manager.allocator
        queue = GaugeMetricFamily(
            "collaboratory_accelerator_queue_length",
            "Runtimes waiting in the queue for an accelerator, by kind.",
            labels=["kind"],
        )
        devices = GaugeMetricFamily(
            "collaboratory_accelerators",
            "Accelerators on this machine, by kind and whether a runtime holds them.",
            labels=["kind", "state"],
        )
        for kind in KINDS:
            queue.add_metric([kind], allocator.queue_length(kind))
            free = len(allocator.free(kind))
            devices.add_metric([kind, "free"], free)
            devices.add_metric([kind, "in_use"], allocator.total(kind) - free)
        yield queue
        yield devices
