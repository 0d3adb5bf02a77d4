"""Runtime announcements as server-sent events, one stream per signed-in user."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from collaboratory.runtimes.events import RuntimeEvents

KEEPALIVE_SECONDS = 15.0


def _format(kind: str, payload: dict[str, object]) -> str:
    return f"event: {kind}\ndata: {json.dumps(payload)}\n\n"


async def event_stream(events: RuntimeEvents, user_id: str) -> AsyncIterator[str]:
    queue = events.subscribe()
    try:
        yield "retry: 3000\n\n"
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield ": keepalive\n\n"  # keeps proxies from closing an idle stream
                continue
            if event.user_id != user_id:
                continue
            payload = {"runtime_id": event.runtime_id, "message": event.message, **event.data}
            yield _format(event.kind, payload)
    finally:
        events.unsubscribe(queue)
