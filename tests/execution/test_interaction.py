"""input(), interrupt and restart against real kernels."""

from __future__ import annotations

import asyncio

from jupyter_client.manager import AsyncKernelManager

from collaboratory.execution import ExecutionService, InputRequest
from tests.execution.conftest import (
    NOTEBOOK,
    cell,
    notebook,
    outputs,
    runtime_of,
    status,
    text,
    until,
)


async def test_input_reaches_the_handler_and_the_reply_the_kernel(
    service: ExecutionService, kernel: AsyncKernelManager
) -> None:
    asked: list[InputRequest] = []

    async def answer(request: InputRequest) -> str:
        asked.append(request)
        return "Ada" if not request.password else "s3cret"

    code = (
        "import getpass\nname = input('Name? ')\n"
        "word = getpass.getpass('Word: ')\nprint(name, len(word))"
    )
    ynb = notebook(code)
    batch = await service.execute(NOTEBOOK, ynb, "all", "alice", runtime_of(kernel), stdin=answer)
    assert await batch.wait() == {"c0": "done"}
    assert asked == [InputRequest("Name? ", False), InputRequest("Word: ", True)]
    assert text(ynb, "c0").endswith("Ada 6\n")
    assert "Name? Ada\n" in text(ynb, "c0") and "s3cret" not in text(ynb, "c0")


async def test_a_person_answers_a_prompt_through_the_broker(
    service: ExecutionService, kernel: AsyncKernelManager
) -> None:
    ynb = notebook("print('hello', input('Who? '))")
    batch = await service.execute(NOTEBOOK, ynb, "all", "alice", runtime_of(kernel))
    await until(lambda: service.stdin.pending(NOTEBOOK) is not None)
    state = cell(ynb, "c0")["metadata"]["collaboratory"]["execution"]
    assert state["input"] == {"prompt": "Who? ", "password": False}
    assert not service.reply_input("another notebook", "x")
    assert service.reply_input(NOTEBOOK, "world")
    assert await batch.wait() == {"c0": "done"}
    assert text(ynb, "c0").endswith("hello world\n")
    assert "input" not in cell(ynb, "c0")["metadata"]["collaboratory"]["execution"]


async def test_interrupt_stops_the_cell_and_clears_the_queue(
    service: ExecutionService, kernel: AsyncKernelManager
) -> None:
    ynb = notebook("print('spinning', flush=True)\nwhile True: pass", "print('after')")
    batch = await service.execute(NOTEBOOK, ynb, "all", "alice", runtime_of(kernel))
    await until(lambda: "spinning" in text(ynb, "c0"))
    assert await service.interrupt(NOTEBOOK, kernel.interrupt_kernel) == ["c1"]
    async with asyncio.timeout(20):
        assert await batch.wait() == {"c0": "error", "c1": "cancelled"}
    assert outputs(ynb, "c0")[-1]["ename"] == "KeyboardInterrupt"
    assert status(ynb, "c0") == "error" and status(ynb, "c1") is None
    batch = await service.execute(NOTEBOOK, ynb, ["c1"], "alice", runtime_of(kernel))
    assert await batch.wait() == {"c1": "done"} and text(ynb, "c1") == "after\n"


async def test_interrupt_while_waiting_for_input(
    service: ExecutionService, kernel: AsyncKernelManager
) -> None:
    ynb = notebook("input('? ')")
    batch = await service.execute(NOTEBOOK, ynb, "all", "alice", runtime_of(kernel))
    await until(lambda: service.stdin.pending(NOTEBOOK) is not None)
    await service.interrupt(NOTEBOOK, kernel.interrupt_kernel)
    async with asyncio.timeout(20):
        assert await batch.wait() == {"c0": "error"}
    assert service.stdin.pending(NOTEBOOK) is None


async def test_restart_abandons_the_running_cell_and_the_next_run_works(
    service: ExecutionService, kernel: AsyncKernelManager
) -> None:
    ynb = notebook("x = 5\nprint('spinning', flush=True)\nwhile True: pass", "print('later')")
    batch = await service.execute(NOTEBOOK, ynb, "all", "alice", runtime_of(kernel))
    await until(lambda: "spinning" in text(ynb, "c0"))
    await service.cancel(NOTEBOOK, lambda: kernel.restart_kernel(now=True))
    assert await batch.wait() == {"c0": "error", "c1": "cancelled"}
    assert status(ynb, "c0") == "error" and status(ynb, "c1") is None
    ynb2 = notebook("print('x' in dir())")
    batch = await service.execute(NOTEBOOK, ynb2, "all", "alice", runtime_of(kernel))
    async with asyncio.timeout(30):
        assert await batch.wait() == {"c0": "done"}
    assert text(ynb2, "c0") == "False\n"
