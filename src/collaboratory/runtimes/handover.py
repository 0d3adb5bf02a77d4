"""On-demand hand-over of a runtime between server replicas, through PostgreSQL NOTIFY.

A runtime is driven by the replica holding its lease (lease.py). When a request for a
notebook's runtime reaches another replica, that replica (the requester) sends
``NOTIFY collaboratory_runtime_handover, '<runtime id> <requester>'``. The holder, at once and
even mid-run, stops driving the kernel (on_let_go: its notebook's cells stop unfinished, its
channels close, the kernel runs on) and writes the requester into the lease; the requester
then adopts the kernel and resumes the notebook as a take-over does. So any replica can run
any notebook's cells: sticky routing saves hand-overs, it is not needed for correctness. A
runtime still starting on its holder past ``WAIT_SECONDS`` stays there and the requester
answers 503 (try again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from collaboratory.db.listen import listen_dsn, listen_forever
from collaboratory.errors import ServiceError
from collaboratory.runtimes.lease import LEASE_SECONDS
from collaboratory.runtimes.models import RuntimeRecord
from collaboratory.runtimes.remote.registry import is_machine_type
from collaboratory.runtimes.runtime import Runtime

if TYPE_CHECKING:
    from collaboratory.runtimes.manager import RuntimeManager

log = logging.getLogger(__name__)

CHANNEL = "collaboratory_runtime_handover"
# How long a requester waits for the holder to let go: past a lease, so that a request
# reaching a replica just after the holder died waits for the take-over, not a 503.
WAIT_SECONDS = LEASE_SECONDS + 5.0
POLL_SECONDS = 0.2
ASK_AGAIN_SECONDS = 2.0  # a notification is not stored: ask again in case one was missed


class RuntimeBusyElsewhere(ServiceError):
    status = 503
    code = "runtime_busy"


class RuntimeHandover:
    def __init__(
        self, manager: RuntimeManager, database_url: str, *, wait_seconds: float = WAIT_SECONDS
    ) -> None:
        self.manager = manager
        self.dsn = listen_dsn(database_url)
        self.wait_seconds = wait_seconds
        self._task: asyncio.Task[None] | None = None
        self._giving: dict[str, asyncio.Task[None]] = {}

    @property
    def holder(self) -> str:
        assert self.manager.leases is not None
        return self.manager.leases.holder

    # -- the requester's side ---------------------------------------------------------------

    async def bring(self, user_id: str, notebook_id: str, type_id: str) -> None:
        """The notebook's runtime, when another replica holds it, adopted and resumed here."""
        async with self.manager.user_lock(user_id):
            if self.manager.for_notebook(user_id, notebook_id) is None:
                await self.take_over(user_id, notebook_id, type_id)

    async def bring_runtime(self, user_id: str, runtime_id: str) -> None:
        """The user's runtime ``runtime_id``, when another replica holds it, likewise."""
        async with self.manager.user_lock(user_id):
            if self.manager.held(runtime_id) is None:
                await self._take(lambda: self._record_by_id(user_id, runtime_id))

    async def take_over(self, user_id: str, notebook_id: str, type_id: str) -> Runtime | None:
        """The notebook's runtime of that type held by another replica, adopted here and its
        notebook resumed; None when there is none (or its kernel is gone), so that the caller
        starts one. Call with the user's lock held."""
        return await self._take(lambda: self._record(user_id, notebook_id, type_id))

    async def _take(self, find: Callable[[], Awaitable[RuntimeRecord | None]]) -> Runtime | None:
        loop = asyncio.get_running_loop()
        deadline, asked_at = loop.time() + self.wait_seconds, None
        while (record := await find()) is not None:
            if (here := self.manager.held(record.id)) is not None:
                return here  # taken over meanwhile, and resumed, by this replica's lease keeper
            runtime = await self.manager.adopt_record(record)
            if runtime is not None:
                log.info("runtime %s handed over to this replica", runtime.id)
                await self.manager.adopted(runtime)
                return runtime
            now = loop.time()
            if now >= deadline:
                raise RuntimeBusyElsewhere(
                    "This notebook's runtime is busy on another server, try again in a moment."
                )
            if asked_at is None or now - asked_at >= ASK_AGAIN_SECONDS:
                await self._ask(record.id)
                asked_at = now
            await asyncio.sleep(POLL_SECONDS)
        return None

    async def _record(self, user_id: str, notebook_id: str, type_id: str) -> RuntimeRecord | None:
        async with self.manager.db.session() as s:
            found = await s.scalars(
                select(RuntimeRecord)
                .where(RuntimeRecord.user_id == user_id)
                .where(RuntimeRecord.notebook_id == notebook_id)
                .where(RuntimeRecord.runtime_type == type_id)
                .order_by(RuntimeRecord.created_at.desc())
                .limit(1)
            )
            return found.first()

    async def _record_by_id(self, user_id: str, runtime_id: str) -> RuntimeRecord | None:
        async with self.manager.db.session() as s:
            record = await s.get(RuntimeRecord, runtime_id)
            return record if record is not None and record.user_id == user_id else None

    async def _ask(self, runtime_id: str) -> None:
        async with self.manager.db.session() as s:
            await s.execute(select(func.pg_notify(CHANNEL, f"{runtime_id} {self.holder}")))

    # -- the holder's side ------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._listen_forever())

    async def _listen_forever(self) -> None:
        await listen_forever(self.dsn, {CHANNEL: self._on_request}, "runtime hand-overs")

    def _on_request(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        runtime_id, _, requester = payload.partition(" ")
        runtime = self.manager.held(runtime_id)
        if runtime is None or not requester or requester == self.holder:
            return
        if runtime_id not in self._giving:
            task = asyncio.get_running_loop().create_task(self._give(runtime, requester))
            self._giving[runtime_id] = task
            task.add_done_callback(lambda _t: self._giving.pop(runtime_id, None))

    async def _give(self, runtime: Runtime, requester: str) -> None:
        """Hand the runtime over once its notebook is idle here, within the requester's wait."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait_seconds
        try:
            while not await self._hand_over(runtime, requester):
                if loop.time() >= deadline:
                    log.info("kept runtime %s: its notebook was busy here", runtime.id)
                    return
                await asyncio.sleep(POLL_SECONDS)
        except Exception:
            log.exception("could not hand runtime %s over", runtime.id)

    async def _hand_over(self, runtime: Runtime, requester: str) -> bool:
        """Give the runtime to replica ``requester``, even mid-run (on_let_go releases its
        cells, which the requester's on_adopted follows); False while it is starting here.
        The user's lock keeps a connect here from taking the runtime back meanwhile."""
        manager = self.manager
        assert manager.leases is not None
        async with manager.user_lock(runtime.user_id):
            if manager.held(runtime.id) is not runtime:
                return True  # gone, or given already
            starting = runtime.starting is not None and not runtime.starting.done()
            if starting or is_machine_type(runtime.type_id):
                return False  # a machine's link ends here; the others once started
            manager.let_go(runtime)
            for callback in manager.on_let_go:
                await callback(runtime)
            await manager.leases.hand_to(runtime.id, requester)
        log.info("handed runtime %s over to another replica", runtime.id)
        return True

    async def close(self) -> None:
        tasks = [t for t in (self._task, *self._giving.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
