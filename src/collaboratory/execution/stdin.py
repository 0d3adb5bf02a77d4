"""``input()`` prompts waiting for a person, one per notebook (a kernel asks one at a time).

The prompt is also put in the cell's execution state (``metadata.collaboratory.execution.input``)
so that a browser opening the notebook later sees the question; the reply comes back through
:meth:`StdinBroker.reply` (from the sync socket or a REST call).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from jupyter_ydoc import YNotebook

from collaboratory.execution.cell_state import set_input
from collaboratory.execution.kernel_session import InputRequest, StdinHandler
from collaboratory.execution.outputs import OutputWriter


@dataclass
class PendingInput:
    cell_id: str
    request: InputRequest
    answer: asyncio.Future[str]


class StdinBroker:
    def __init__(self) -> None:
        self._waiting: dict[str, PendingInput] = {}

    def handler(self, notebook_id: str, ynotebook: YNotebook, cell_id: str) -> StdinHandler:
        async def ask(request: InputRequest) -> str:
            answer: asyncio.Future[str] = asyncio.get_running_loop().create_future()
            self._waiting[notebook_id] = PendingInput(cell_id, request, answer)
            set_input(ynotebook, cell_id, {"prompt": request.prompt, "password": request.password})
            try:
                return await answer
            finally:
                self._waiting.pop(notebook_id, None)
                set_input(ynotebook, cell_id, None)

        return ask

    def pending(self, notebook_id: str) -> PendingInput | None:
        return self._waiting.get(notebook_id)

    def reply(self, notebook_id: str, value: str) -> bool:
        """Answer the notebook's open prompt; False when none is open."""
        waiting = self._waiting.get(notebook_id)
        if waiting is None or waiting.answer.done():
            return False
        waiting.answer.set_result(value)
        return True

    def cancel(self, notebook_id: str) -> None:
        waiting = self._waiting.get(notebook_id)
        if waiting is not None and not waiting.answer.done():
            waiting.answer.cancel()


def echoing(stdin: StdinHandler, writer: OutputWriter) -> StdinHandler:
    """The prompt and the answer go into the cell's output, as a terminal would show them."""

    async def ask(request: InputRequest) -> str:
        value = await stdin(request)
        shown = "········" if request.password else value
        writer.handle("stream", {"name": "stdout", "text": f"{request.prompt}{shown}\n"})
        return value

    return ask
