"""What execution tells the runtime manager when another replica asks for a runtime."""

from __future__ import annotations

from collaboratory.execution.service import ExecutionService
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.runtimes.models import BUSY
from collaboratory.runtimes.runtime import Runtime


def wire_handover(execution: ExecutionService, runtimes: RuntimeManager) -> None:
    """A runtime is handed over only while its notebook runs and queues nothing here, and its
    channels close first: the gateway keeps one connection per session id, the next
    replica's."""

    def is_idle(runtime: Runtime) -> bool:
        notebook_id = runtime.notebook_id
        if runtime.state == BUSY:
            return False
        return notebook_id is None or (
            execution.running(notebook_id) is None and not execution.queued(notebook_id)
        )

    async def close_channels(runtime: Runtime) -> None:
        if runtime.kernel is not None:
            await execution.forget_runtime(runtime.kernel)

    runtimes.is_idle = is_idle
    runtimes.on_let_go.append(close_channels)
