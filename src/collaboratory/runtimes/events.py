"""Announcements about runtimes (state changes, culling warnings) for whoever listens.

In-process publish/subscribe: the notebook's live document and the kernel channels forward
what concerns them to connected clients.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RuntimeEvent:
    runtime_id: str
    user_id: str
    kind: str  # "state", "idle_warning", "lifetime_warning", "culled", "died"
    message: str = ""
    data: dict[str, Any] = field(default_factory=dict)


class RuntimeEvents:
    def __init__(self) -> None:
        self._subscribers: set[asyncio.Queue[RuntimeEvent]] = set()

    def publish(self, event: RuntimeEvent) -> None:
        if event.message:
            log.info("runtime %s: %s", event.runtime_id, event.message)
        for queue in self._subscribers:
            queue.put_nowait(event)

    def subscribe(self) -> asyncio.Queue[RuntimeEvent]:
        queue: asyncio.Queue[RuntimeEvent] = asyncio.Queue()
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[RuntimeEvent]) -> None:
        self._subscribers.discard(queue)
