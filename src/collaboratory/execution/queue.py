"""A notebook's execution queue: cells in FIFO order, run one at a time by one worker task."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

Outcome = str  # "done" | "error" | "cancelled"


@dataclass(eq=False)
class Job:
    cell_id: str
    code: str
    user: str
    outcome: asyncio.Future[Outcome] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    def settle(self, outcome: Outcome) -> None:
        if not self.outcome.done():
            self.outcome.set_result(outcome)


class NotebookQueue:
    def __init__(
        self, run: Callable[[Job], Awaitable[Outcome]], dropped: Callable[[Job], None]
    ) -> None:
        self._run, self._dropped = run, dropped
        self._jobs: deque[Job] = deque()
        self._worker: asyncio.Task[None] | None = None
        self.current: Job | None = None

    @property
    def queued(self) -> list[Job]:
        return list(self._jobs)

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def push(self, jobs: Iterable[Job]) -> None:
        self._jobs.extend(jobs)
        if self._worker is None and self._jobs:
            self._worker = asyncio.create_task(self._work())

    def drop_queued(self) -> list[Job]:
        """Take every waiting job off the queue; they settle as "cancelled"."""
        dropped, self._jobs = list(self._jobs), deque()
        for job in dropped:
            self._dropped(job)
            job.settle("cancelled")
        return dropped

    def take_queued(self) -> list[Job]:
        """Take every waiting job off the queue as it is, for another to run (hand-over)."""
        taken, self._jobs = list(self._jobs), deque()
        return taken

    async def cancel_current(self) -> None:
        """Abandon the running job (its kernel died or restarted) and every waiting one."""
        self.drop_queued()
        worker = self._worker
        if worker is not None:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    async def _work(self) -> None:
        try:
            while self._jobs:
                job = self.current = self._jobs.popleft()
                try:
                    outcome = await self._run(job)
                except Exception:
                    log.exception("running cell %s failed", job.cell_id)
                    outcome = "error"
                except asyncio.CancelledError:
                    job.settle("error")
                    raise
                finally:
                    self.current = None
                job.settle(outcome)
                if outcome == "error":  # as Jupyter does: an error stops the cells after it
                    self.drop_queued()
        finally:
            self._worker = None
