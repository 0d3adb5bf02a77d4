"""At server start, each re-adopted runtime's notebook takes up where its kernel is now."""

from __future__ import annotations

import asyncio
import logging

from collaboratory.documents.room import Room
from collaboratory.documents.service import DocumentService
from collaboratory.execution.service import Batch, ExecutionService
from collaboratory.runtimes.backend import RunningKernel
from collaboratory.runtimes.errors import RuntimeNotReady
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.runtimes.runtime import Runtime

log = logging.getLogger(__name__)


def run_info(kernel: RunningKernel) -> RunningKernel:
    """What execution reaches the kernel through (its channels, its journal)."""
    return kernel


class Resumer:
    def __init__(
        self, execution: ExecutionService, documents: DocumentService, runtimes: RuntimeManager
    ) -> None:
        self.execution, self.documents, self.runtimes = execution, documents, runtimes
        self._holding: set[asyncio.Task[None]] = set()

    async def resume_all(self) -> None:
        for runtime in self.runtimes.all():
            if runtime.notebook_id is None or runtime.kernel is None or runtime.dead:
                continue
            try:
                await self._resume(runtime, runtime.notebook_id)
            except Exception:
                log.exception("Could not resume the notebook of runtime %s", runtime.id)

    async def resume(self, runtime: Runtime) -> None:
        """A runtime taken over from a replica that stopped: its notebook takes up from there."""
        if runtime.notebook_id is not None and runtime.kernel is not None and not runtime.dead:
            await self._resume(runtime, runtime.notebook_id)

    async def _resume(self, runtime: Runtime, notebook_id: str) -> None:
        room = await self.documents.open(runtime.user_id, notebook_id)

        async def get_runtime() -> RunningKernel:
            found = self.runtimes.for_notebook(runtime.user_id, notebook_id)
            if found is None or found.kernel is None or found.dead:
                raise RuntimeNotReady("The runtime is gone. Connect one and run the cell again.")
            return run_info(found.kernel)

        def on_state(state: str) -> None:
            self.runtimes.activity(runtime, state)

        batch = await self.execution.resume(
            notebook_id,
            room.ynotebook,
            "",
            get_runtime,
            on_state=on_state,
            durable=room.flush,
        )
        task = asyncio.create_task(self._hold(room, batch))
        self._holding.add(task)
        task.add_done_callback(self._holding.discard)

    async def _hold(self, room: Room, batch: Batch) -> None:
        """Keep the document loaded while the resumed cells run, with no browser open."""
        async with room.hold():
            await asyncio.gather(*batch.outcomes, return_exceptions=True)
