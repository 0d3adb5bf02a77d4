"""Which server replica holds which runtime: a lease per runtime in the database.

A replica drives a runtime's kernel only while it holds the runtime's lease, and renews its
leases every few seconds. A replica that dies stops renewing; once its leases expire, another
claims them (one claim wins: an UPDATE guarded by the expiry, or the INSERT of a new lease)
and re-adopts the kernels through the backend's ``adopt``. So no two replicas run cells on one
kernel, and a runtime outlives the replica that started it when its backend (a gateway) lets
any replica reach the kernel. Each renewal also writes the holder's account of the runtime
(its state and last activity), which the other replicas show in *Manage sessions*.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import NamedTuple, cast

from sqlalchemy import ForeignKey, String, Table, bindparam, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from collaboratory.db import Database
from collaboratory.db.base import Base, new_id, utcnow

LEASE_SECONDS = 15.0  # how long a replica that stopped renewing keeps its runtimes
RENEW_SECONDS = 5.0


class RuntimeLease(Base):
    __tablename__ = "runtime_leases"

    runtime_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("runtimes.id", ondelete="CASCADE"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(String(32))  # the replica's id, new at each start
    expires_at: Mapped[datetime]
    # As the holder last renewed: for the runtime lists other replicas answer.
    state: Mapped[str | None] = mapped_column(String(16), default=None)
    last_activity: Mapped[datetime | None] = mapped_column(default=None)


class LeaseReport(NamedTuple):
    """What a holder tells of a runtime it holds, at each renewal."""

    state: str
    last_activity: datetime


class RuntimeLeases:
    """This replica's side of the leases."""

    def __init__(self, db: Database, *, seconds: float = LEASE_SECONDS) -> None:
        self.db = db
        self.holder = new_id()
        self.seconds = seconds

    def _expiry(self) -> datetime:
        return utcnow() + timedelta(seconds=self.seconds)

    def new_lease(self, runtime_id: str) -> RuntimeLease:
        """This replica's lease of a runtime it starts, to add beside the runtime's record."""
        return RuntimeLease(runtime_id=runtime_id, holder=self.holder, expires_at=self._expiry())

    async def claim(self, runtime_id: str) -> bool:
        """Take the runtime's lease when nobody holds it (or it lapsed); True when this
        replica holds it now."""
        now = utcnow()
        async with self.db.session() as s:
            taken = await s.execute(
                update(RuntimeLease)
                .where(RuntimeLease.runtime_id == runtime_id)
                .where(or_(RuntimeLease.holder == self.holder, RuntimeLease.expires_at < now))
                .values(holder=self.holder, expires_at=self._expiry())
            )
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                return True
            if await s.get(RuntimeLease, runtime_id) is not None:
                return False  # another replica's, and alive
        try:
            async with self.db.session() as s:
                s.add(self.new_lease(runtime_id))
        except IntegrityError:
            return False  # another replica claimed it first (or the runtime is gone)
        return True

    async def renew(self, reports: Mapping[str, LeaseReport]) -> set[str]:
        """Extend this replica's leases of these runtimes, with each one's report; the ids
        it still holds."""
        if not reports:
            return set()
        expiry, leases = self._expiry(), cast(Table, RuntimeLease.__table__)
        rows = [
            {"id": id_, "expiry": expiry, "now": r.state, "active": r.last_activity}
            for id_, r in reports.items()
        ]
        async with self.db.session() as s:
            await s.execute(
                update(leases)
                .where(leases.c.runtime_id == bindparam("id"))
                .where(leases.c.holder == self.holder)
                .values(
                    expires_at=bindparam("expiry"),
                    state=bindparam("now"),
                    last_activity=bindparam("active"),
                ),
                rows,
            )
            held = await s.scalars(
                select(RuntimeLease.runtime_id)
                .where(RuntimeLease.runtime_id.in_(list(reports)))
                .where(RuntimeLease.holder == self.holder)
            )
            return set(held)

    async def held_elsewhere(self, runtime_ids: Iterable[str]) -> dict[str, RuntimeLease]:
        """The live leases of other replicas among ``runtime_ids``."""
        wanted = set(runtime_ids)
        if not wanted:
            return {}
        async with self.db.session() as s:
            leases = await s.scalars(
                select(RuntimeLease)
                .where(RuntimeLease.runtime_id.in_(wanted))
                .where(RuntimeLease.holder != self.holder)
                .where(RuntimeLease.expires_at >= utcnow())
            )
            return {lease.runtime_id: lease for lease in leases}

    async def unheld(self, runtime_ids: Iterable[str]) -> set[str]:
        """Those of ``runtime_ids`` whose lease lapsed or that never had one."""
        wanted = set(runtime_ids)
        if not wanted:
            return set()
        async with self.db.session() as s:
            alive = await s.scalars(
                select(RuntimeLease.runtime_id)
                .where(RuntimeLease.runtime_id.in_(wanted))
                .where(RuntimeLease.expires_at >= utcnow())
            )
            return wanted - set(alive)

    async def hand_to(self, runtime_id: str, holder: str) -> bool:
        """Give this replica's lease of a runtime to another replica (a hand-over)."""
        async with self.db.session() as s:
            given = await s.execute(
                update(RuntimeLease)
                .where(RuntimeLease.runtime_id == runtime_id)
                .where(RuntimeLease.holder == self.holder)
                .values(holder=holder, expires_at=self._expiry())
            )
            return bool(given.rowcount == 1)  # type: ignore[attr-defined]

    async def release(self, runtime_id: str) -> None:
        async with self.db.session() as s:
            await s.execute(
                delete(RuntimeLease)
                .where(RuntimeLease.runtime_id == runtime_id)
                .where(RuntimeLease.holder == self.holder)
            )
