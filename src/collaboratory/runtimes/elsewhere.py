"""A user's runtimes that other replicas drive, as their holders last reported them.

Each replica lists the runtimes it drives from memory; those another replica drives it knows
from the database: the runtime's record, and the lease its holder renews every few seconds
with the runtime's state and last activity (lease.py). So *Manage sessions* shows every
runtime whichever replica answers, at most a renewal old for those elsewhere; acting on one
(delete, interrupt, restart) brings it here first (``RuntimeManager.obtain``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from collaboratory.runtimes.models import READY, RuntimeRecord
from collaboratory.runtimes.runtime import Runtime

if TYPE_CHECKING:
    from collaboratory.runtimes.manager import RuntimeManager

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Elsewhere:
    runtime: Runtime  # described from its record: not driven here
    state: str  # as its holder last reported


async def runtimes_elsewhere(
    manager: RuntimeManager, user_id: str, runtime_id: str | None = None
) -> list[Elsewhere]:
    """The user's runtimes (or just ``runtime_id``) that live replicas other than this one
    hold, oldest first; none on a single server."""
    if manager.leases is None:
        return []
    async with manager.db.session() as s:
        query = select(RuntimeRecord).where(RuntimeRecord.user_id == user_id)
        if runtime_id is not None:
            query = query.where(RuntimeRecord.id == runtime_id)
        records = [r for r in await s.scalars(query) if manager.held(r.id) is None]
    leases = await manager.leases.held_elsewhere(r.id for r in records)
    found = []
    for record in sorted(records, key=lambda r: r.created_at):
        lease = leases.get(record.id)
        if lease is None:  # lapsed: a replica is about to take it over
            continue
        try:
            runtime = manager.describe(record)
        except Exception:  # a type no longer configured here
            log.warning("cannot describe runtime %s of type %s", record.id, record.runtime_type)
            continue
        if lease.last_activity is not None:
            runtime.last_activity = lease.last_activity
        found.append(Elsewhere(runtime, lease.state or READY))
    return found
