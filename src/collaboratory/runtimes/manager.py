"""Runtime lifecycle policy: who gets a runtime, with what, for how long.

The backend starts and stops kernels; this class decides. One runtime per (user, notebook);
per-user limits; accelerators handed out by the allocator (waiting in its fair queue when
asked); runtimes that die are reported; the culler reclaims idle and expired ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from collaboratory.accounts.models import User
from collaboratory.config import RuntimeTypeSettings, Settings
from collaboratory.db import Database, new_id, utcnow
from collaboratory.errors import NotFound, ServiceError
from collaboratory.runtimes.accelerators import AcceleratorAllocator, NoAcceleratorAvailable
from collaboratory.runtimes.backend import LaunchRequest, RunningKernel, RuntimeBackend, Usage
from collaboratory.runtimes.catalog import Availability, RuntimeCatalog
from collaboratory.runtimes.crash import Crash, cell_note, crash_message, diagnose
from collaboratory.runtimes.errors import (
    GuestsCannotRunCode,
    RuntimeLimitExceeded,
    RuntimeNotReady,
    RuntimeTypeUnavailable,
)
from collaboratory.runtimes.events import RuntimeEvent, RuntimeEvents
from collaboratory.runtimes.handover import RuntimeHandover
from collaboratory.runtimes.lease import RuntimeLeases
from collaboratory.runtimes.models import BUSY, RuntimeRecord
from collaboratory.runtimes.pool import WarmPool
from collaboratory.runtimes.remote.registry import MachineRegistry, is_machine_type
from collaboratory.runtimes.runtime import Runtime
from collaboratory.runtimes.takeover import LeaseKeeper

log = logging.getLogger(__name__)
WATCH_SECONDS = 0.5  # how often a busy runtime's kernel is checked for a crash


class RuntimeManager:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        backend: RuntimeBackend,
        allocator: AcceleratorAllocator,
        events: RuntimeEvents | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.backend = backend
        self.allocator = allocator
        self.events = events or RuntimeEvents()
        self.catalog = RuntimeCatalog(settings.runtimes, allocator)
        self.pool = WarmPool(backend, settings.runtimes)
        self.machines = MachineRegistry(self.events)  # users' own computers (collaboratory connect)
        self._runtimes: dict[str, Runtime] = {}
        self._by_kernel: dict[str, Runtime] = {}
        # A user's lock lives while a connect holds or awaits it, then goes.
        self._user_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        # Restart, reset, interrupt and delete of one runtime take turns (a restart racing a
        # delete would otherwise fail half-way); whoever comes after a delete gets a 404.
        self._turns: weakref.WeakKeyDictionary[Runtime, asyncio.Lock] = weakref.WeakKeyDictionary()
        self.on_change: list[Callable[[Runtime], None]] = []
        # Replicas on one PostgreSQL hold runtimes by lease (see lease.py); SQLite has one server.
        self.leases = None if db.is_sqlite else RuntimeLeases(db)
        self.keeper = LeaseKeeper(self) if self.leases is not None else None
        self.on_adopted: list[
            Callable[[Runtime], Awaitable[None]]
        ] = []  # taken over from a replica
        # Asked for by another replica (handover.py): given once on_let_go ran.
        self.handover = None if self.leases is None else RuntimeHandover(self, db.url)
        self.on_let_go: list[Callable[[Runtime], Awaitable[None]]] = []

    # -- start and stop -------------------------------------------------------------------

    async def start(self) -> None:
        await self._readopt()
        self.pool.start()
        if self.keeper is not None:
            self.keeper.start()
        if self.handover is not None:
            self.handover.start()

    async def close(self) -> None:
        """Stop the server's part; runtimes keep running for the next start to adopt."""
        await self.pool.close()
        if self.handover is not None:
            await self.handover.close()
        if self.keeper is not None:
            await self.keeper.close()
        keep = self.settings.runtimes.survive_restart
        for runtime in list(self._runtimes.values()):
            if runtime.watch is not None:
                runtime.watch.cancel()
            if keep and runtime.kernel is not None and not runtime.dead:
                runtime.kernel.detach()
                if self.leases is not None:  # the next replica to look adopts it at once
                    await self.leases.release(runtime.id)
                continue
            await self._stop(runtime, forget=True)
        await self.machines.close()
        await self.backend.close()

    async def _readopt(self) -> None:
        """Runtimes a previous server process left: adopt their kernels or forget them."""
        async with self.db.session() as s:
            records = list((await s.scalars(select(RuntimeRecord))).all())
        others: set[str] = set()  # held by another replica, alive
        for record in records:
            if await self.adopt_record(record) is None and self.leases is not None:
                others.add(record.id)
        await self.backend.sweep(set(self._runtimes) | others)

    async def adopt_record(self, record: RuntimeRecord) -> Runtime | None:
        """Adopt a runtime's kernel, or forget a runtime whose kernel is gone. None when
        another replica holds it (and so it is neither adopted nor forgotten)."""
        if self.leases is not None and not await self.leases.claim(record.id):
            return None
        if is_machine_type(record.runtime_type):  # its machine must connect afresh
            await self._forget_record(record.id)
            return None
        try:
            type_id, _ = self.catalog.get(record.runtime_type)
            runtime = self._new_runtime(record.user_id, record.notebook_id, type_id, record)
            kernel = await self.backend.adopt(self._request(runtime), record.backend_state)
        except Exception:
            log.exception("Could not re-adopt runtime %s", record.id)
            kernel = None
        if kernel is None:
            await self._forget_record(record.id)
            return None
        runtime.kernel, runtime.execution_state = kernel, "idle"
        self._register(runtime)
        log.info("Re-adopted runtime %s (kernel %s)", runtime.id, runtime.kernel_id)
        return runtime

    # -- lookups --------------------------------------------------------------------------

    def for_user(self, user_id: str) -> list[Runtime]:
        mine = [r for r in self._runtimes.values() if r.user_id == user_id]
        return sorted(mine, key=lambda r: r.created_at)

    def all(self) -> list[Runtime]:
        return list(self._runtimes.values())

    def get(self, user_id: str, runtime_id: str) -> Runtime:
        runtime = self._runtimes.get(runtime_id)
        if runtime is None or runtime.user_id != user_id:
            raise NotFound("No such runtime: it was deleted, or is not yours.")
        return runtime

    def held(self, runtime_id: str) -> Runtime | None:
        """The runtime, when this replica drives it."""
        return self._runtimes.get(runtime_id)

    def describe(self, record: RuntimeRecord) -> Runtime:
        """A runtime as its record tells, driven by no one here (one another replica holds)."""
        return self._new_runtime(record.user_id, record.notebook_id, record.runtime_type, record)

    def by_kernel_id(self, kernel_id: str) -> Runtime | None:
        return self._by_kernel.get(kernel_id)

    def get_by_kernel(self, user_id: str, kernel_id: str) -> Runtime:
        runtime = self._by_kernel.get(kernel_id)
        if runtime is None or runtime.user_id != user_id:
            raise NotFound(f"No such kernel: {kernel_id}.")
        return runtime

    def for_notebook(self, user_id: str, notebook_id: str) -> Runtime | None:
        for runtime in self._runtimes.values():
            if runtime.user_id == user_id and runtime.notebook_id == notebook_id:
                return runtime
        return None

    def queue_position(self, runtime: Runtime) -> int | None:
        return self.allocator.position(runtime.id) if runtime.kernel is None else None

    # -- connecting -----------------------------------------------------------------------

    async def connect(
        self, user: User, notebook_id: str | None, type_id: str | None, *, wait: bool = True
    ) -> Runtime:
        """The notebook's runtime of that type, connecting one if needed (Colab's *Connect*)."""
        if user.is_guest and not self.settings.accounts.guests_may_run_code:
            raise GuestsCannotRunCode("Guests cannot run code on this server. Sign in first.")
        type_id, runtime_type = self._type(user.id, type_id)
        async with self.user_lock(user.id):
            if notebook_id is not None:
                existing = self.for_notebook(user.id, notebook_id)
                if existing is not None and existing.type_id == type_id and not existing.dead:
                    return existing
                if existing is not None:  # changing the runtime type replaces the runtime
                    await self._stop(existing, forget=True)
                elif self.handover is not None:  # driven by another replica: ask for it
                    taken = await self.handover.take_over(user.id, notebook_id, type_id)
                    if taken is not None:
                        return taken
            self._check_limits(user.id, type_id)
            warm = None if runtime_type.accelerator_count else self.pool.take(type_id)
            ids = (warm.runtime_id, warm.kernel_id) if warm else None
            runtime = self._new_runtime(user.id, notebook_id, type_id, ids=ids)
            if runtime.needs_accelerator:
                await self._reserve_accelerators(runtime, wait)
            await self._persist(runtime)
            self._register(runtime)
            if warm is not None:
                runtime.kernel = warm.kernel
                runtime.touch("idle")
                runtime.starting = asyncio.create_task(self._save_state(runtime))
            else:
                runtime.starting = asyncio.create_task(self._launch(runtime))
                if runtime.needs_accelerator and runtime.allocation is None:
                    # Let the launch task join the allocator's queue (it does so before its
                    # first real await) so that the answer can report the queue position.
                    await asyncio.sleep(0)
        self._changed(runtime)
        return runtime

    async def take_from_another_replica(
        self, user: User, notebook_id: str, type_id: str | None
    ) -> None:
        """Before cells queue here: the notebook's runtime, when another replica drives it,
        comes here first with the cells running and queued there, so new ones queue behind."""
        if self.handover is not None and self.for_notebook(user.id, notebook_id) is None:
            await self.handover.bring(user.id, notebook_id, self._type(user.id, type_id)[0])

    async def obtain(self, user_id: str, runtime_id: str) -> Runtime:
        """The user's runtime, to act on: one another replica drives comes here first."""
        if self._runtimes.get(runtime_id) is None and self.handover is not None:
            await self.handover.bring_runtime(user_id, runtime_id)
        return self.get(user_id, runtime_id)

    def user_lock(self, user_id: str) -> asyncio.Lock:
        return self._user_locks.setdefault(user_id, asyncio.Lock())

    async def adopted(self, runtime: Runtime) -> None:
        """Taken over from another replica: its notebook takes up where the holder left."""
        for callback in self.on_adopted:
            try:
                await callback(runtime)
            except Exception:
                log.exception("could not resume the notebook of runtime %s", runtime.id)
        self._changed(runtime)

    def _check_limits(self, user_id: str, type_id: str) -> None:
        limit = self.settings.runtimes.max_runtimes_per_user
        live = [r for r in self.for_user(user_id) if not r.dead]
        if len(live) >= limit:
            raise RuntimeLimitExceeded(
                f"You have {len(live)} runtimes, the most allowed at once. "
                "Disconnect one under Runtime › Manage sessions and try again."
            )
        if is_machine_type(type_id):
            return  # the user's own machine: reachable or not is known at launch
        availability = self.catalog.availability(type_id)
        if not availability.available:
            raise RuntimeTypeUnavailable(availability.reason or "This runtime type is unavailable.")

    async def _reserve_accelerators(self, runtime: Runtime, wait: bool) -> None:
        kind = runtime.runtime_type.accelerator
        assert kind != "none"
        count = runtime.runtime_type.accelerator_count
        try:
            runtime.allocation = await self.allocator.allocate(
                runtime.id, kind, count, wait=False, user=runtime.user_id
            )
        except NoAcceleratorAvailable:
            if not wait:
                raise
            # Queued: the launch task waits its turn; the allocator checked the user's limit.

    def _new_runtime(
        self,
        user_id: str,
        notebook_id: str | None,
        type_id: str,
        record: RuntimeRecord | None = None,
        ids: tuple[str, str] | None = None,
    ) -> Runtime:
        _, runtime_type = self._type(user_id, type_id)
        now = utcnow()
        if record is not None:
            ids = (record.id, record.kernel_id)
        runtime_id, kernel_id = ids or (new_id(), str(uuid.uuid4()))
        return Runtime(
            id=runtime_id,
            kernel_id=kernel_id,
            user_id=user_id,
            notebook_id=notebook_id,
            type_id=type_id,
            runtime_type=runtime_type,
            kernelspec_name=self.catalog.kernelspec(type_id),
            created_at=record.created_at if record else now,
            expires_at=record.expires_at
            if record
            else now + timedelta(seconds=runtime_type.max_lifetime_seconds),
        )

    def _type(self, user_id: str, type_id: str | None) -> tuple[str, RuntimeTypeSettings]:
        """A configured type, or one of the user's own connected machines."""
        if type_id is not None and is_machine_type(type_id):
            return type_id, self.machines.runtime_type(user_id, type_id)
        return self.catalog.get(type_id)

    def types_for(self, user_id: str) -> list[Availability]:
        """What *Change runtime type* offers this user: the configured types, their machines."""
        default = self.settings.runtimes.default_type
        return [*self.catalog.all(), *self.machines.availability(user_id, default)]

    async def _start_kernel(self, runtime: Runtime) -> RunningKernel:
        request = self._request(runtime)
        if is_machine_type(runtime.type_id):
            return await self.machines.launch(runtime.user_id, runtime.type_id, request)
        return await self.backend.launch(request)

    def _request(self, runtime: Runtime) -> LaunchRequest:
        return LaunchRequest(
            runtime.id,
            runtime.kernel_id,
            runtime.runtime_type,
            runtime.allocation,
            type_id=runtime.type_id,
            user_id=runtime.user_id,
        )

    async def _launch(self, runtime: Runtime) -> None:
        try:
            if runtime.needs_accelerator and runtime.allocation is None:
                kind = runtime.runtime_type.accelerator
                assert kind != "none"
                self._changed(runtime)
                runtime.allocation = await self.allocator.allocate(
                    runtime.id,
                    kind,
                    runtime.runtime_type.accelerator_count,
                    wait=True,
                    user=runtime.user_id,
                )
                self._changed(runtime)
            runtime.kernel = await self._start_kernel(runtime)
            runtime.touch("idle")
            await self._save_state(runtime)
            self._publish(runtime, "state", "Connected.")
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("Runtime %s failed to start", runtime.id)
            runtime.error = exc.message if isinstance(exc, ServiceError) else str(exc)
            self._mark_dead(runtime, f"The runtime could not start: {runtime.error}")
        finally:
            self._changed(runtime)

    def image_status(self, runtime: Runtime) -> dict[str, Any] | None:
        """While ``runtime`` starts: the state of the image it starts on (a build under way,
        with its progress); None once it runs, or where the backend builds no images."""
        if runtime.dead or runtime.kernel is not None or is_machine_type(runtime.type_id):
            return None
        return self.backend.image_status(runtime.runtime_type.image)

    async def wait_until_started(self, runtime: Runtime, seconds: float | None = None) -> None:
        """Wait (at most ``seconds``) for the runtime's launch; queued runtimes keep waiting."""
        task = runtime.starting
        if task is not None and not task.done():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await asyncio.shield(task)

    # -- operations -----------------------------------------------------------------------

    def _running(self, runtime: Runtime) -> RunningKernel:
        if runtime.kernel is None:
            raise RuntimeNotReady("The runtime is still starting. Try again in a moment.")
        return runtime.kernel

    @contextlib.asynccontextmanager
    async def _turn(self, runtime: Runtime) -> AsyncIterator[None]:
        async with self._turns.setdefault(runtime, asyncio.Lock()):
            if self._runtimes.get(runtime.id) is not runtime:
                raise NotFound("No such runtime: it was deleted, or is not yours.")
            yield

    async def interrupt(self, runtime: Runtime) -> None:
        async with self._turn(runtime):
            await self._running(runtime).interrupt()
            runtime.touch()

    async def restart(self, runtime: Runtime) -> None:
        """Restart session: a fresh kernel; files and `!pip` installs stay."""
        async with self._turn(runtime):
            await self._running(runtime).restart()
            self._revive(runtime)
        self._publish(runtime, "state", "Session restarted.")

    async def reset(self, runtime: Runtime) -> None:
        """Factory reset: a fresh kernel and an empty /content."""
        async with self._turn(runtime):
            await self._running(runtime).reset()
            await self._save_state(runtime)
            self._revive(runtime)
        self._publish(runtime, "state", "Runtime reset to factory state.")

    def _revive(self, runtime: Runtime) -> None:
        runtime.dead, runtime.error, runtime.reason = False, None, None
        runtime.touch("idle")
        self._changed(runtime)

    async def usage(self, runtime: Runtime) -> Usage:
        return await self._running(runtime).usage()

    async def delete(self, runtime: Runtime) -> None:
        async with self._turn(runtime):
            await self._stop(runtime, forget=True)
        self._publish(runtime, "state", "Runtime deleted.")

    async def _stop(self, runtime: Runtime, *, forget: bool) -> None:
        task = runtime.starting
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.allocator.cancel(runtime.id)
        if runtime.kernel is not None:
            try:
                await runtime.kernel.shutdown()
            except Exception:
                log.exception("Shutting down runtime %s failed", runtime.id)
        self.allocator.release(runtime.id)
        runtime.dead, runtime.execution_state = True, "dead"
        self._unregister(runtime)
        if forget:
            await self._forget_record(runtime.id)
        self._changed(runtime)

    def _mark_dead(self, runtime: Runtime, message: str, reason: str | None = None) -> None:
        runtime.dead, runtime.execution_state = True, "dead"
        self._publish(runtime, "died", message, reason=reason)
        self._changed(runtime)

    async def check_alive(self, runtime: Runtime) -> bool:
        kernel = runtime.kernel
        if kernel is None or runtime.dead:
            return not runtime.dead
        if await kernel.is_alive():
            return True
        crash = await self._diagnose(runtime)
        if runtime.dead or runtime.kernel is not kernel or await kernel.is_alive():
            return not runtime.dead  # someone else saw to it meanwhile
        runtime.reason = crash.reason
        runtime.error = crash_message(crash, highram=self._highram(runtime))
        log.info("Runtime %s crashed (%s)", runtime.id, crash.reason or "reason unknown")
        self._mark_dead(runtime, runtime.error, crash.reason)
        return False

    async def _diagnose(self, runtime: Runtime) -> Crash:
        """Why the kernel died, from its limits' counters and its disk."""
        assert runtime.kernel is not None
        try:
            events = await runtime.kernel.limit_events()
            usage = await runtime.kernel.usage()
        except Exception:
            log.exception("Could not read why runtime %s died", runtime.id)
            return Crash(None)
        return diagnose(events, usage.disk_bytes, usage.disk_limit_bytes)

    def _highram(self, runtime: Runtime) -> str | None:
        """The name of the High-RAM variant of the runtime's type, if it has one."""
        if runtime.type_id.endswith("-highram"):
            return None
        variant = self.settings.runtimes.types.get(f"{runtime.type_id}-highram")
        return None if variant is None else variant.name

    async def explain_error(self, runtime: Runtime, error: dict[str, Any]) -> str | None:
        """A note for a cell that failed against a limit its kernel survived (pids, disk)."""
        if runtime.kernel is None or runtime.dead:
            return None
        try:
            events = await runtime.kernel.limit_events()
            usage = await runtime.kernel.usage()
        except Exception:
            log.exception("Could not read the limits of runtime %s", runtime.id)
            return None
        return cell_note(error, events, usage.disk_bytes, usage.disk_limit_bytes)

    def _watch(self, runtime: Runtime) -> None:
        """While a runtime is busy, look at its kernel often: a crash ends the cell at once."""
        if runtime.watch is None or runtime.watch.done():
            runtime.watch = asyncio.get_running_loop().create_task(self._watch_busy(runtime))

    async def _watch_busy(self, runtime: Runtime) -> None:
        while runtime.state == BUSY and self._runtimes.get(runtime.id) is runtime:
            await asyncio.sleep(WATCH_SECONDS)
            if runtime.state == BUSY and self._runtimes.get(runtime.id) is runtime:
                try:
                    await self.check_alive(runtime)
                except Exception:
                    log.exception("Checking runtime %s failed", runtime.id)
                    return

    # -- bookkeeping ----------------------------------------------------------------------

    def _register(self, runtime: Runtime) -> None:
        self._runtimes[runtime.id] = runtime
        self._by_kernel[runtime.kernel_id] = runtime

    def let_go(self, runtime: Runtime) -> None:
        """Another replica holds the runtime now: stop driving its kernel, leave it running."""
        if runtime.watch is not None:
            runtime.watch.cancel()
        if runtime.kernel is not None:
            runtime.kernel.detach()
        self._unregister(runtime)

    def _unregister(self, runtime: Runtime) -> None:
        self._runtimes.pop(runtime.id, None)
        self._by_kernel.pop(runtime.kernel_id, None)

    async def _persist(self, runtime: Runtime) -> None:
        async with self.db.session() as s:
            s.add(
                RuntimeRecord(
                    id=runtime.id,
                    kernel_id=runtime.kernel_id,
                    user_id=runtime.user_id,
                    notebook_id=runtime.notebook_id,
                    runtime_type=runtime.type_id,
                    backend="machine" if is_machine_type(runtime.type_id) else self.backend.name,
                    accelerators=[d.id for d in runtime.allocation.devices]
                    if runtime.allocation
                    else [],
                    created_at=runtime.created_at,
                    expires_at=runtime.expires_at,
                )
            )
            if self.leases is not None:
                await s.flush()  # the record first: the lease refers to it
                s.add(self.leases.new_lease(runtime.id))

    async def _save_state(self, runtime: Runtime) -> None:
        if runtime.kernel is None:
            return
        async with self.db.session() as s:
            record = await s.get(RuntimeRecord, runtime.id)
            if record is None:  # deleted meanwhile
                return
            record.backend_state = runtime.kernel.persisted_state()
            record.accelerators = (
                [d.id for d in runtime.allocation.devices] if runtime.allocation else []
            )

    async def _forget_record(self, runtime_id: str) -> None:
        async with self.db.session() as s:
            await s.execute(delete(RuntimeRecord).where(RuntimeRecord.id == runtime_id))

    def activity(self, runtime: Runtime, execution_state: str) -> None:
        """The kernel reported busy or idle: activity for culling, and news for the meters."""
        before = runtime.state
        runtime.touch(execution_state)
        if runtime.state != before:
            self._publish(runtime, "state", "", state=runtime.state)
        if runtime.state == BUSY:
            self._watch(runtime)

    def _publish(self, runtime: Runtime, kind: str, message: str, **data: Any) -> None:
        self.events.publish(RuntimeEvent(runtime.id, runtime.user_id, kind, message, data))

    def _changed(self, runtime: Runtime) -> None:
        for callback in self.on_change:
            callback(runtime)
