"""One Jupyter client per runtime: sends execute requests, routes replies by parent msg_id.

It talks through the kernel-channel seam (:mod:`collaboratory.runtimes.channels`), so the same
client serves local kernels (ZMQ) and gateway kernels (websocket). One reader task routes what
arrives on iopub, shell, control and stdin while the session lives; an ``execute`` call
registers its msg_id and is done when both its ``execute_reply`` and its ``status: idle`` have
arrived, as the messaging spec says a client should wait.

With a journal (``info["journal"]``: the runtime directory), iopub messages are taken in the
order of their sequence numbers: a late one is a duplicate, a gap is filled from the journal.
Readiness is asked on the control channel, which a kernel busy with a cell still answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from collaboratory.execution.journal import JournalReader, seq_of
from collaboratory.execution.relay import COMM_TYPES, OUTPUT_TYPES, OutputCaptures, Subscriber
from collaboratory.runtimes.channels import (
    ChannelsClosed,
    ChannelSource,
    KernelChannels,
    new_message,
    unpack_message,
)
from collaboratory.runtimes.zmq_channels import ZmqSource

log = logging.getLogger(__name__)

IopubHandler = Callable[[str, dict[str, Any]], None]
# After its reply, a request whose iopub goes quiet this long without ``status: idle`` is done:
# an idle published while our SUB socket reconnected (a kernel restart) is lost for good.
IDLE_GRACE_SECONDS = 2.0
# Following a running cell: how long its output may take to show the kernel is there.
BUSY_QUIET_SECONDS = 1.0


@dataclass(frozen=True)
class InputRequest:
    prompt: str
    password: bool


StdinHandler = Callable[[InputRequest], Awaitable[str]]
# google.colab's request/reply: (request type, request body) -> the reply's data
ColabHandler = Callable[[str, Any], Awaitable[Any]]


_RUNS_CODE = frozenset({"execute_request", None})


class KernelRestarted(Exception):
    """The kernel started afresh while a request was in flight: its reply will never come."""


@dataclass
class _Request:
    on_iopub: IopubHandler
    stdin: StdinHandler | None
    reply: asyncio.Future[dict[str, Any]]
    colab: ColabHandler | None = None
    idle: asyncio.Event = field(default_factory=asyncio.Event)
    busy: bool = False  # the kernel took it up: a restart from now on loses it
    last_message: float = 0.0
    followed: bool = False  # sent by an earlier server: no reply will come, idle ends it
    failed: bool = False  # an ``error`` was published for it


KernelTarget = ChannelSource | Mapping[str, Any]  # a Mapping: bare ZMQ connection info


def channel_source(target: KernelTarget) -> ChannelSource:
    return ZmqSource(target) if isinstance(target, Mapping) else target


def connection_key(target: KernelTarget) -> str:
    """Identifies how a kernel is reached, so one session serves every run on a runtime."""
    return channel_source(target).channels_key()


class KernelConnectionLost(ConnectionError):
    """The channels to the kernel went away (a gateway down, a kernel deleted)."""


class KernelSession:
    def __init__(self, target: KernelTarget) -> None:
        self.source = channel_source(target)
        self.key = self.source.channels_key()
        self._session_id = uuid.uuid4().hex
        self._channels: KernelChannels | None = None
        self._requests: dict[str, _Request] = {}
        self._reader: asyncio.Task[None] | None = None
        self._stdin_tasks: set[asyncio.Task[None]] = set()
        self.on_state: Callable[[str], None] | None = None
        self.stale = False  # the kernel restarted: a new session checks iopub is connected
        self.relay: Subscriber | None = None  # comm traffic for the notebook's editors
        self._captures = OutputCaptures()
        self._relayed: set[str] = set()  # shell requests sent for editors, awaiting replies
        self._awaiting_idle: set[str] = set()  # the same, awaiting their ``status: idle``
        journal = self.source.journal_dir()
        self.journal = JournalReader(journal) if journal is not None else None
        self.next_seq: int | None = None  # the number the next message must have
        self.routing_seq: int | None = None  # the number of the message being routed
        self.processed = 0  # the last number routed
        self._iopub_seen = asyncio.Event()
        self._closing = False

    async def start(self, ready_seconds: float = 60, *, busy: bool = False) -> None:
        """Connect; ``busy``: the kernel is running a cell this session will follow."""
        self._channels = await self.source.open_channels()
        self._reader = asyncio.create_task(self._read())
        # Following a cell, its output shows the kernel is there. A control request would make
        # the kernel publish "idle" mid-run, which a Jupyter Enterprise Gateway takes for its
        # state: at the next reconnect (a hand-over) it would nudge the kernel as if idle and
        # swallow one of the cell's outputs.
        if not (busy and await self._iopub_within(BUSY_QUIET_SECONDS)):
            await self._until_ready(ready_seconds)
        self.stale = False  # a "starting" seen until now was this kernel's start, not a restart

    @property
    def channels(self) -> KernelChannels:
        if self._channels is None:
            raise KernelConnectionLost("The session to the kernel is not started.")
        return self._channels

    def message(self, msg_type: str, content: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return new_message(msg_type, content, self._session_id, **extra)

    async def _iopub_within(self, seconds: float) -> bool:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._iopub_seen.wait()
        return self._iopub_seen.is_set()

    async def _until_ready(self, seconds: float) -> None:
        """Ready when the kernel answers on control and its iopub has reached us.

        Not a ``kernel_info`` on shell: a kernel running a cell (one a previous server
        started) answers that only when the cell ends."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        answered = False
        while not (answered and self._iopub_seen.is_set()):
            if loop.time() > deadline:
                raise TimeoutError("The kernel did not answer within a minute.")
            if not answered:
                # a kernel still starting may publish its "starting" after answering
                with contextlib.suppress(TimeoutError, KernelRestarted):
                    await self.request("control", "kernel_info_request", {}, 0.5)
                    answered = True
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(0.2):
                    await self._iopub_seen.wait()

    async def execute(
        self,
        code: str,
        on_iopub: IopubHandler,
        stdin: StdinHandler | None = None,
        msg_id: str | None = None,
        colab: ColabHandler | None = None,
        store_history: bool = True,
    ) -> dict[str, Any]:
        """Run ``code``; every iopub message of the run goes to ``on_iopub``; the reply content."""
        content = {
            "code": code,
            "silent": False,
            "store_history": store_history,
            "user_expressions": {},
            "allow_stdin": stdin is not None,
            "stop_on_error": True,
        }
        msg = self.message("execute_request", content, msg_id=msg_id)
        msg_id = str(msg["msg_id"])
        request = _Request(on_iopub, stdin, asyncio.get_running_loop().create_future(), colab)
        self._requests[msg_id] = request
        try:
            await self.channels.send_message("shell", msg)
            reply = await request.reply
            await self._until_idle(request)
            return reply
        finally:
            del self._requests[msg_id]

    def follow(self, msg_id: str, on_iopub: IopubHandler) -> asyncio.Future[dict[str, Any]]:
        """A run an earlier server started, until its ``status: idle``; its reply went to that
        server, so the outcome is told by whether an ``error`` was published."""
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._requests[msg_id] = _Request(on_iopub, None, reply, busy=True, followed=True)
        reply.add_done_callback(lambda _: self._requests.pop(msg_id, None))
        return reply

    def skip_to(self, seq: int) -> None:
        """Messages numbered below ``seq`` were taken from the journal already."""
        self.next_seq = seq
        self.processed = max(self.processed, seq - 1)

    async def request(
        self, channel: str, msg_type: str, content: dict[str, Any], seconds: float
    ) -> dict[str, Any]:
        """A request answered by one reply (completion, inspection, kernel_info); its content.

        The kernel answers shell requests in turn, so while a cell runs this waits; past
        ``seconds`` it gives up with TimeoutError rather than hold the caller."""
        msg = self.message(msg_type, content)
        msg_id = str(msg["msg_id"])
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._requests[msg_id] = _Request(lambda kind, content: None, None, reply)
        try:
            async with asyncio.timeout(seconds):
                await self.channels.send_message(channel, msg)
                return await reply
        finally:
            del self._requests[msg_id]

    async def send_shell(
        self,
        msg_type: str,
        content: dict[str, Any],
        msg_id: str,
        metadata: dict[str, Any] | None = None,
        buffers: list[bytes] | None = None,
    ) -> None:
        """An editor's comm message, sent under the editor's own msg_id; replies are relayed."""
        msg = self.message(
            msg_type, content, msg_id=msg_id, metadata=metadata, buffers=list(buffers or ())
        )
        for pending in (self._relayed, self._awaiting_idle):
            if len(pending) > 1000:
                pending.clear()  # replies that never came
            pending.add(msg_id)
        await self.channels.send_message("shell", msg)

    async def _until_idle(self, request: _Request) -> None:
        loop = asyncio.get_running_loop()
        request.last_message = loop.time()
        while not request.idle.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(IDLE_GRACE_SECONDS):
                    await request.idle.wait()
            if loop.time() - request.last_message >= IDLE_GRACE_SECONDS:
                log.warning("no status: idle after an execute_reply; the run is taken as done")
                return

    async def _read(self) -> None:
        try:
            while True:
                # a helper's locals go when it returns: a big message is not kept while the
                # next one is received
                self._dispatch(*await self.channels.receive())
        except ChannelsClosed as exc:
            # a gateway gone, a kernel deleted: no reply will come; the next run reconnects
            self.stale = True
            if not self._closing:
                log.warning("the channels to a kernel closed: %s", exc)
            self._fail_all(KernelConnectionLost(f"The connection to the kernel was lost: {exc}"))

    def _dispatch(self, channel: str, parts: list[bytes]) -> None:
        try:
            msg = unpack_message(parts)
        except ValueError:
            log.warning("dropped a malformed %s message from the kernel", channel)
            return
        if channel == "iopub":
            self._receive(msg)
        elif channel == "stdin":
            self._on_stdin(msg)
        else:
            self._on_reply(channel, msg)

    def _receive(self, msg: dict[str, Any]) -> None:
        self._iopub_seen.set()
        seq = seq_of(msg)
        if seq is None:
            self._route_iopub(msg)
            return
        expected = self.next_seq
        if expected is not None and seq < expected:
            return  # taken from the journal already
        if expected is not None and seq > expected and self.journal is not None:
            for entry in self.journal.between(expected, seq - 1):
                self._route_numbered(entry.seq, entry.as_message())
        self._route_numbered(seq, msg)

    def _route_numbered(self, seq: int, msg: dict[str, Any]) -> None:
        self.next_seq, self.routing_seq = seq + 1, seq
        try:
            self._route_iopub(msg)
        finally:
            self.processed, self.routing_seq = seq, None

    def _route_iopub(self, msg: dict[str, Any]) -> None:
        kind, content = msg["msg_type"], msg["content"]
        parent_id = msg["parent_header"].get("msg_id", "")
        parent_type = msg["parent_header"].get("msg_type")
        request = self._requests.get(parent_id)
        if request is not None:
            request.last_message = asyncio.get_running_loop().time()
        if kind in COMM_TYPES:
            self._captures.observe(kind, content)
            self._relay("iopub", msg)
            return
        if kind in OUTPUT_TYPES and self._captures.captured(parent_id):
            self._relay("iopub", msg)  # shown in an Output widget, not in the cell
            return
        if kind == "status" and parent_id in self._awaiting_idle:
            # widgets hold back further updates until the kernel is idle after the last one
            if content.get("execution_state") == "idle":
                self._awaiting_idle.discard(parent_id)
            self._relay("iopub", msg)
        if kind == "status":
            state = content.get("execution_state", "")
            # the kernel runs code for execute requests; other requests (a readiness check on
            # control while a cell runs) flip the status without ending the cell's run
            if self.on_state is not None and (state == "starting" or parent_type in _RUNS_CODE):
                self.on_state(state)
            if state == "starting":
                self.stale = True
                self._fail_all(KernelRestarted("The kernel restarted."), taken_only=True)
            elif state == "busy" and request is not None:
                request.busy = True
            elif state == "idle" and request is not None:
                request.idle.set()
                if request.followed and not request.reply.done():
                    request.reply.set_result({"status": "error" if request.failed else "ok"})
        elif kind == "colab_request" and request is not None:
            if request.colab is not None and "colab_msg_id" in msg.get("metadata", {}):
                task = asyncio.create_task(self._answer_colab(request.colab, msg))
                self._stdin_tasks.add(task)
                task.add_done_callback(self._stdin_tasks.discard)
        elif request is not None:
            request.failed = request.failed or kind == "error"
            try:
                request.on_iopub(kind, content)
            except Exception:
                log.exception("writing a %s message into the document failed", kind)

    def _on_reply(self, channel: str, msg: dict[str, Any]) -> None:
        parent_id = msg["parent_header"].get("msg_id", "")
        if channel == "shell" and parent_id in self._relayed:
            self._relayed.discard(parent_id)
            self._relay("shell", msg)
            return
        request = self._requests.get(parent_id)
        if request is not None and not request.reply.done():
            request.reply.set_result(msg["content"])

    def _relay(self, channel: str, msg: dict[str, Any]) -> None:
        if self.relay is None:
            return
        try:
            self.relay(channel, msg)
        except Exception:
            log.exception("relaying a %s message to the editors failed", msg.get("msg_type"))

    def _on_stdin(self, msg: dict[str, Any]) -> None:
        request = self._requests.get(msg["parent_header"].get("msg_id", ""))
        if msg["msg_type"] != "input_request" or request is None or request.stdin is None:
            return
        content = msg["content"]
        ask = InputRequest(str(content.get("prompt", "")), bool(content.get("password")))
        task = asyncio.create_task(self._answer(request.stdin, ask))
        self._stdin_tasks.add(task)
        task.add_done_callback(self._stdin_tasks.discard)

    async def _answer(self, handler: StdinHandler, ask: InputRequest) -> None:
        try:
            value = await handler(ask)
        except Exception:
            log.exception("the stdin handler failed; the kernel gets an empty line")
            value = ""
        await self._send_input(value)

    async def _send_input(self, value: Any) -> None:
        try:
            await self.channels.send_message("stdin", self.message("input_reply", {"value": value}))
        except ConnectionError:
            log.warning("an input reply could not reach the kernel")

    async def _answer_colab(self, handler: ColabHandler, msg: dict[str, Any]) -> None:
        """Answers google.colab's request as Colab's front end does: an ``input_reply`` on
        stdin whose value is ``{type: colab_reply, colab_msg_id, data | error}``."""
        metadata = msg["metadata"]
        reply: dict[str, Any] = {"type": "colab_reply", "colab_msg_id": metadata["colab_msg_id"]}
        try:
            reply["data"] = await handler(
                str(metadata.get("colab_request_type", "")), msg["content"].get("request")
            )
        except Exception as exc:
            log.warning("a google.colab %s request failed", metadata.get("colab_request_type"))
            reply["error"] = getattr(exc, "message", None) or type(exc).__name__
        await self._send_input(reply)

    def _fail_all(self, error: Exception, *, taken_only: bool = False) -> None:
        """Requests sent while a kernel restarts reach the new kernel and are not failed."""
        for request in self._requests.values():
            if taken_only and not request.busy:
                continue
            if not request.reply.done():
                request.reply.set_exception(error)
            request.idle.set()

    async def close(self, *, drain_seconds: float = 0.0) -> None:
        """Stop being the kernel's client. With ``drain_seconds``, the channels close first and
        what the kernel sent before the close took effect is still routed, for at most that
        long: a gateway keeps only what comes after the close for the next client."""
        self._closing = True
        if drain_seconds > 0 and self._channels is not None and self._reader is not None:
            closing = asyncio.ensure_future(self._channels.close())
            await asyncio.wait({closing, self._reader}, timeout=drain_seconds)
            closing.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await closing
        tasks = [*([self._reader] if self._reader else []), *self._stdin_tasks]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._fail_all(ConnectionError("The session to the kernel was closed."))
        if self._channels is not None:
            await self._channels.close()
