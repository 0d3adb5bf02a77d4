"""The service's metrics in one registry per app, so that several apps in one process (tests)
never share or collide; scraped at ``GET /metrics`` with the configured bearer token."""

from __future__ import annotations

import hmac

from prometheus_client import CollectorRegistry, generate_latest

from collaboratory.config import Settings
from collaboratory.db import Database
from collaboratory.documents.rooms import Rooms
from collaboratory.execution.service import ExecutionService
from collaboratory.metrics.documents import DocumentMetrics
from collaboratory.metrics.errors import ErrorMetrics
from collaboratory.metrics.execution import ExecutionMetrics
from collaboratory.metrics.runtimes import RuntimeMetrics
from collaboratory.runtimes.manager import RuntimeManager

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        runtimes: RuntimeManager,
        execution: ExecutionService,
        rooms: Rooms,
    ) -> None:
        self.token = settings.metrics.token
        self.registry = CollectorRegistry(auto_describe=True)
        self.runtimes = RuntimeMetrics(self.registry, runtimes)
        self.execution = ExecutionMetrics(self.registry, execution)
        self.documents = DocumentMetrics(self.registry, db, rooms)
        self.errors = ErrorMetrics(self.registry)

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def allows(self, bearer: str | None) -> bool:
        """Whether ``bearer`` is the configured token (compared in constant time)."""
        if self.token is None or bearer is None:
            return False
        return hmac.compare_digest(bearer.encode(), self.token.encode())

    def start(self) -> None:
        self.runtimes.start()

    async def close(self) -> None:
        await self.runtimes.close()

    async def render(self) -> bytes:
        """The Prometheus text exposition of every metric, read now."""
        await self.documents.refresh()
        return generate_latest(self.registry)
