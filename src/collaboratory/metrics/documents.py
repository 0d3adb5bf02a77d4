"""Live documents: loaded rooms, connected sync clients, and the update log's size."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from collaboratory.db import Database
from collaboratory.documents.models import NotebookUpdate
from collaboratory.documents.rooms import Rooms


class DocumentMetrics(Collector):
    def __init__(self, registry: CollectorRegistry, db: Database, rooms: Rooms) -> None:
        self.db, self.rooms = db, rooms
        # The update log lives in the database: read before each scrape, not in collect().
        self._log_rows = 0
        self._log_bytes = 0
        registry.register(self)

    async def refresh(self) -> None:
        async with self.db.session() as s:
            rows, size = (
                await s.execute(
                    select(
                        func.count(NotebookUpdate.id),
                        func.coalesce(func.sum(func.length(NotebookUpdate.update)), 0),
                    )
                )
            ).one()
        self._log_rows, self._log_bytes = int(rows), int(size)

    def collect(self) -> Iterator[Metric]:
        rooms = self.rooms.all_loaded()
        yield GaugeMetricFamily(
            "collaboratory_loaded_rooms", "Notebook documents loaded in memory.", len(rooms)
        )
        yield GaugeMetricFamily(
            "collaboratory_sync_clients",
            "Clients connected to live documents over the sync websocket.",
            sum(len(room.peers) for room in rooms.values()),
        )
        yield GaugeMetricFamily(
            "collaboratory_update_log_rows",
            "Document updates stored since their notebook's last snapshot (every notebook).",
            self._log_rows,
        )
        yield GaugeMetricFamily(
            "collaboratory_update_log_bytes",
            "Size of the stored document updates not yet folded into snapshots.",
            self._log_bytes,
        )
