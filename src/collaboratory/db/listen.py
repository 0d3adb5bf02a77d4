"""LISTEN on PostgreSQL channels for as long as the server runs, reconnecting when it drops.

Replicas hear each other this way (documents/fanout.py, runtimes/handover.py). A notification
is not stored: whoever listens catches up on what it missed in ``on_connected``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

log = logging.getLogger(__name__)

RECONNECT_SECONDS = 1.0
# asyncpg's (connection, backend pid, channel, payload) callback
Handler = Callable[[Any, int, str, str], None]


def listen_dsn(database_url: str) -> str:
    """asyncpg's own form of a SQLAlchemy ``postgresql+asyncpg://`` URL."""
    scheme, sep, rest = database_url.partition("://")
    return f"{scheme.split('+', 1)[0]}{sep}{rest}"


async def listen_forever(
    dsn: str,
    channels: Mapping[str, Handler],
    what: str,
    *,
    on_connected: Callable[[Any], None] | None = None,
    on_lost: Callable[[], None] | None = None,
) -> None:
    """Listen until cancelled; ``what`` names the news in the log ("runtime hand-overs")."""
    while True:
        try:
            await _listen_once(dsn, channels, on_connected)
            log.warning("lost the connection listening for %s", what)
        except Exception as exc:  # OSError or asyncpg's errors, with no import here
            log.warning("listening for %s failed: %s; retrying", what, exc)
        finally:
            if on_lost is not None:
                on_lost()
        await asyncio.sleep(RECONNECT_SECONDS)


async def _listen_once(
    dsn: str, channels: Mapping[str, Handler], on_connected: Callable[[Any], None] | None
) -> None:
    import asyncpg  # type: ignore[import-untyped]  # only PostgreSQL replicas need it

    lost = asyncio.Event()
    connection = await asyncpg.connect(dsn)
    try:
        connection.add_termination_listener(lambda _c: lost.set())
        for channel, handler in channels.items():
            await connection.add_listener(channel, handler)
        if on_connected is not None:
            on_connected(connection)
        await lost.wait()
    finally:
        with contextlib.suppress(Exception):
            await connection.close(timeout=1)
