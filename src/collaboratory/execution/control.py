"""The JSON half of a notebook's sync socket: run cells, answer ``input()``, complete, inspect,
interrupt, restart, and relay widget comms, for one editor (see frontend/src/live/protocol.ts).

Runs, input replies, interrupts, restarts and comm messages are worked off in the order they
came, beside the socket's document sync; completion and help run on their own.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from collaboratory.accounts.models import User
from collaboratory.errors import BadRequest, Forbidden, ServiceError
from collaboratory.execution import commands
from collaboratory.execution.notebooks import NotebookRunner
from collaboratory.execution.relay import FROM_BROWSERS, decode_buffers, to_json
from collaboratory.runtimes.errors import RuntimeNotReady
from collaboratory.runtimes.runtime import Runtime

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 16 * 1024 * 1024
SendText = Callable[[str], None]


class _Request(BaseModel):
    id: str = Field(min_length=1, max_length=200)


# The commands' fields are those of the REST bodies (commands.py); a frame adds type and id.
class Execute(_Request, commands.ExecuteRequest):
    type: Literal["execute"]


class InputReply(_Request, commands.InputReply):
    type: Literal["input_reply"]


class CodeAtCursor(_Request, commands.CodeAtCursor):
    type: Literal["complete", "inspect"]


class RuntimeAction(_Request):
    type: Literal["interrupt", "restart"]


class KernelHeader(BaseModel):
    msg_id: str = Field(min_length=1, max_length=200)
    msg_type: str


class KernelPayload(BaseModel):
    header: KernelHeader
    content: dict[str, Any] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)
    buffers: list[str] = Field(default_factory=list)


class KernelMessage(BaseModel):
    type: Literal["kernel"]
    msg: KernelPayload


Message = Annotated[
    Execute | InputReply | CodeAtCursor | RuntimeAction | KernelMessage,
    Field(discriminator="type"),
]
_messages: TypeAdapter[Message] = TypeAdapter(Message)


def error_frame(error: ServiceError, request_id: str | None = None) -> str:
    body = {"code": error.code, "message": error.message}
    if request_id is None:
        return json.dumps({"type": "error", "error": body})
    return json.dumps({"type": "reply", "id": request_id, "ok": False, "error": body})


def reply_frame(request_id: str, result: Any) -> str:
    return json.dumps({"type": "reply", "id": request_id, "ok": True, "result": result})


class NotebookControl:
    """One editor's control messages for one notebook."""

    def __init__(
        self,
        runner: NotebookRunner,
        user: User,
        notebook_id: str,
        send: SendText,
        may_run: Callable[[], bool] = lambda: True,
    ) -> None:
        self.runner, self.user, self.notebook_id, self._send = runner, user, notebook_id, send
        self._may_run = may_run  # false for viewers and commenters (it may change while open)
        self._tasks: set[asyncio.Task[None]] = set()
        self._unsubscribe = runner.execution.subscribe(notebook_id, self._from_kernel)
        self._in_order: asyncio.Queue[Coroutine[Any, Any, None]] = asyncio.Queue()
        self._spawn(self._work_in_order())

    def _from_kernel(self, channel: str, msg: dict[str, Any]) -> None:
        self._send(to_json(channel, msg))

    async def handle(self, text: str) -> None:
        """One text frame; a bad one is answered with an error frame, never a closed socket."""
        request_id: str | None = None
        try:
            if len(text) > MAX_MESSAGE_CHARS:
                raise BadRequest("This message is too large.", code="message_too_large")
            raw = json.loads(text)
            found = raw.get("id") if isinstance(raw, dict) else None
            request_id = found if isinstance(found, str) else None
            message = _messages.validate_python(raw)
        except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
            detail = str(exc).splitlines()[0][:200]
            error = BadRequest(f"Malformed message: {detail}", code="invalid_message")
            self._send(error_frame(error, request_id))
            return
        except ServiceError as exc:
            self._send(error_frame(exc, request_id))
            return
        if not self._may_run():
            refused = Forbidden(
                "You can view this notebook but not run it; ask its owner for edit access.",
                code="read_only",
            )
            self._send(error_frame(refused, request_id))
            return
        # Runs, replies, restarts and widget messages keep their order (a cell run right after
        # a restart runs on the new kernel) without holding up the document's sync; they read
        # the document when their turn comes, so they see at least what was typed before them.
        if isinstance(message, KernelMessage):
            self._in_order.put_nowait(self._answer(None, self._to_kernel(message.msg)))
        elif isinstance(message, Execute | InputReply):
            self._in_order.put_nowait(self._answer(message.id, self._queue_work(message)))
        elif isinstance(message, RuntimeAction):
            self._in_order.put_nowait(self._answer(message.id, self._ask_runtime(message)))
        else:  # completion and help wait on the kernel: beside the rest
            self._spawn(self._answer(message.id, self._ask_runtime(message)))

    async def _answer(self, request_id: str | None, work: Awaitable[Any]) -> None:
        try:
            result = await work
        except ServiceError as exc:
            self._send(error_frame(exc, request_id))
            return
        except Exception:
            log.exception("a %s control request failed", self.notebook_id)
            self._send(error_frame(ServiceError("Something went wrong; try again."), request_id))
            return
        if request_id is not None:
            self._send(reply_frame(request_id, result))

    async def _queue_work(self, message: Execute | InputReply) -> Any:
        runner, user, notebook_id = self.runner, self.user, self.notebook_id
        if isinstance(message, InputReply):
            return await commands.reply_input(runner, user, notebook_id, message)
        return (await commands.execute(runner, user, notebook_id, message)).model_dump()

    async def _ask_runtime(self, message: CodeAtCursor | RuntimeAction) -> Any:
        runner, user, notebook_id = self.runner, self.user, self.notebook_id
        if isinstance(message, RuntimeAction):
            runtime = commands.notebook_runtime(runner, user, notebook_id)
            if message.type == "interrupt":
                await commands.interrupt(runner, runtime)
            else:
                await commands.restart(runner, runtime)
            return None
        if message.type == "complete":
            return (await commands.complete(runner, user, notebook_id, message)).model_dump()
        return (await commands.inspect(runner, user, notebook_id, message)).model_dump()

    async def _work_in_order(self) -> None:
        while True:
            await (await self._in_order.get())

    async def _to_kernel(self, payload: KernelPayload) -> None:
        msg_type = payload.header.msg_type
        if msg_type not in FROM_BROWSERS:
            raise BadRequest(
                f"Only {', '.join(sorted(FROM_BROWSERS))} go to the kernel this way.",
                code="invalid_message",
            )
        try:
            buffers = decode_buffers(payload.buffers)
        except ValueError as exc:
            raise BadRequest("Buffers must be base64.", code="invalid_message") from exc
        runtime = self._runtime()
        if runtime.kernel is None or runtime.dead:
            raise RuntimeNotReady("The runtime is not running.")
        await self.runner.execution.send_to_kernel(
            self.notebook_id,
            runtime.kernel,
            self._from_kernel,
            msg_type,
            payload.header.msg_id,
            payload.content,
            payload.metadata,
            buffers,
        )

    def _runtime(self) -> Runtime:
        return commands.notebook_runtime(self.runner, self.user, self.notebook_id)

    def _spawn(self, work: Awaitable[None]) -> None:
        async def run() -> None:
            await work

        task = asyncio.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def close(self) -> None:
        self._unsubscribe()
        for task in self._tasks:
            task.cancel()
        while not self._in_order.empty():
            self._in_order.get_nowait().close()  # never awaited: the editor has gone
