"""What execution does when another replica takes a runtime over."""

from __future__ import annotations

from collaboratory.execution.service import ExecutionService
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.runtimes.runtime import Runtime


def wire_handover(execution: ExecutionService, runtimes: RuntimeManager) -> None:
    """Before a runtime is handed over, its notebook's cells stop here unfinished (the next
    holder follows them) and its channels close: the gateway keeps one connection per
    session id, the next replica's, and keeps what the kernel sends until it connects."""

    async def release(runtime: Runtime) -> None:
        if runtime.notebook_id is not None:
            await execution.release(runtime.notebook_id)
        if runtime.kernel is not None:
            await execution.forget_runtime(runtime.kernel)

    runtimes.on_let_go.append(release)
