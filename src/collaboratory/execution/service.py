"""Runs a notebook's cells on its runtime and writes what comes back into its document."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jupyter_ydoc import YNotebook

from collaboratory.errors import NotFound
from collaboratory.execution import callbacks, cell_state
from collaboratory.execution.cells import cell_source, find_cell
from collaboratory.execution.displays import DisplayRegistry
from collaboratory.execution.journal import execute_msg_id
from collaboratory.execution.kernel_session import (
    ColabHandler,
    IopubHandler,
    KernelRestarted,
    KernelSession,
    KernelTarget,
    StdinHandler,
    connection_key,
)
from collaboratory.execution.outputs import DEFAULT_CAP, DOWNLOAD_URL, FLUSH_SECONDS, OutputWriter
from collaboratory.execution.queue import Job, NotebookQueue, Outcome
from collaboratory.execution.relay import RelayHub, Subscriber
from collaboratory.execution.replay import (
    queued_cells,
    replay,
    running_in_document,
    settle_stale_cells,
)
from collaboratory.execution.spill import FileSpillStore
from collaboratory.execution.stdin import StdinBroker, echoing

log = logging.getLogger(__name__)
# the runtime's kernel (a RunningKernel), or bare ZMQ connection info
GetRuntime = Callable[[], Awaitable[KernelTarget]]
StateCallback = Callable[[str], None]
Durable = Callable[[], Awaitable[None]]  # makes the document's changes so far durable
# While a cell runs, the kernel may trim its journal up to what is durable this often.
ACK_SECONDS = 1.0
# At a hand-over, how long what the runtime sent before its channels closed is still taken in.
DRAIN_SECONDS = 5.0
# While a google.colab request of a cell is answered: shows (or, given None, clears) a prompt in
# that cell, such as *Notebook access* for a secret.
CellPrompt = Callable[[dict[str, Any] | None], None]
cell_prompt: ContextVar[CellPrompt | None] = ContextVar("cell_prompt", default=None)
# Given a failed run's execute_reply, a note for the cell when a limit explains the error.
Explain = Callable[[dict[str, Any]], Awaitable[str | None]]


@dataclass(eq=False)
class _Run:
    job: Job
    get_runtime: GetRuntime
    stdin: StdinHandler | None
    on_state: StateCallback | None
    explain: Explain | None = None
    colab: ColabHandler | None = None
    # a run an earlier server process started: its session, reply and writer
    followed: tuple[KernelSession, asyncio.Future[dict[str, Any]], OutputWriter] | None = None


@dataclass(eq=False)
class _Notebook:
    id: str
    ynotebook: YNotebook
    queue: NotebookQueue
    displays: DisplayRegistry
    runs: dict[Job, _Run]
    session_key: str | None = None
    durable: Durable | None = None
    crashed: dict[str, Any] | None = None  # the error a cell abandoned by a crash shows
    releasing: bool = False  # handed to another replica: cells stop here unfinished


@dataclass(frozen=True)
class Batch:
    """The cells one ``execute`` call queued, in order, and how each ended."""

    cell_ids: list[str]
    outcomes: list[asyncio.Future[Outcome]]

    async def wait(self) -> dict[str, Outcome]:
        return dict(zip(self.cell_ids, await asyncio.gather(*self.outcomes), strict=True))


class ExecutionService:
    def __init__(
        self,
        spill_dir: Path | None = None,
        *,
        cap: int = DEFAULT_CAP,
        flush_seconds: float = FLUSH_SECONDS,
        download_url: str = DOWNLOAD_URL,
    ) -> None:
        self.spills = FileSpillStore(spill_dir) if spill_dir is not None else None
        self.cap, self.flush_seconds, self.download_url = cap, flush_seconds, download_url
        self.stdin = StdinBroker()
        self._notebooks: dict[str, _Notebook] = {}
        self._sessions: dict[str, KernelSession] = {}
        self._session_lock = asyncio.Lock()
        self._hubs: dict[str, RelayHub] = {}
        self._acks: set[asyncio.Task[None]] = set()
        # Told each cell's outcome and how long it ran, in seconds (for the metrics).
        self.on_cell_finished: list[Callable[[Outcome, float], None]] = []

    async def execute(
        self,
        notebook_id: str,
        ynotebook: YNotebook,
        cells: Sequence[str] | Literal["all"],
        user: str,
        get_runtime: GetRuntime,
        *,
        stdin: StdinHandler | None = None,
        on_state: StateCallback | None = None,
        code: str | None = None,
        explain: Explain | None = None,
        durable: Durable | None = None,
        colab: ColabHandler | None = None,
    ) -> Batch:
        """Queue the code cells among ``cells`` (markdown is skipped) and return at once;
        ``code``, with one cell, runs in place of its source (outputs still go to the cell).

        ``get_runtime`` gives the runtime's kernel, connecting one first if need be;
        without ``stdin``, ``input()`` prompts wait on :attr:`stdin` for a person's reply."""
        notebook = self._notebook(notebook_id, ynotebook)
        notebook.durable = durable or notebook.durable
        busy = {job.cell_id for job in notebook.queue.queued}
        if notebook.queue.current is not None:
            busy.add(notebook.queue.current.cell_id)
        jobs: list[Job] = []
        for cell_id in self._code_cells(ynotebook, cells):
            ycell = find_cell(ynotebook, cell_id)
            if cell_id in busy or ycell is None:
                continue
            busy.add(cell_id)
            job = Job(cell_id, cell_source(ycell) if code is None else code, user)
            notebook.runs[job] = _Run(job, get_runtime, stdin, on_state, explain, colab=colab)
            cell_state.mark_queued(ynotebook, cell_id, user)
            jobs.append(job)
        notebook.queue.push(jobs)
        return Batch([job.cell_id for job in jobs], [job.outcome for job in jobs])

    def running(self, notebook_id: str) -> str | None:
        notebook = self._notebooks.get(notebook_id)
        job = None if notebook is None else notebook.queue.current
        return None if job is None else job.cell_id

    def queued(self, notebook_id: str) -> list[str]:
        notebook = self._notebooks.get(notebook_id)
        return [] if notebook is None else [job.cell_id for job in notebook.queue.queued]

    async def interrupt(
        self, notebook_id: str, interrupt_kernel: Callable[[], Awaitable[None]] | None = None
    ) -> list[str]:
        """Empty the queue, then interrupt the kernel (the running cell ends in an error)."""
        notebook = self._notebooks.get(notebook_id)
        dropped = [] if notebook is None else notebook.queue.drop_queued()
        if interrupt_kernel is not None:
            await interrupt_kernel()
        return [job.cell_id for job in dropped]

    async def cancel(
        self,
        notebook_id: str,
        restart_kernel: Callable[[], Awaitable[None]] | None = None,
        *,
        error: dict[str, Any] | None = None,
    ) -> None:
        """Abandon the running and queued cells (for a restart, or a runtime that died);
        the running cell shows ``error`` (ename, evalue, traceback) when given."""
        notebook = self._notebooks.get(notebook_id)
        if notebook is not None:
            notebook.crashed = error
            try:
                await notebook.queue.cancel_current()
            finally:
                notebook.crashed = None
        if restart_kernel is not None:
            await restart_kernel()
            if notebook is not None and notebook.session_key is not None:
                await self._close_session(notebook.session_key)

    async def complete(
        self, info: KernelTarget, code: str, cursor_pos: int, seconds: float = 5.0
    ) -> dict[str, Any]:
        """The kernel's completions at ``cursor_pos`` (a complete_reply's content)."""
        session = await self._session(info)
        content = {"code": code, "cursor_pos": cursor_pos}
        return await session.request("shell", "complete_request", content, seconds)

    async def inspect(
        self,
        info: KernelTarget,
        code: str,
        cursor_pos: int,
        detail_level: int = 0,
        seconds: float = 5.0,
    ) -> dict[str, Any]:
        """What the kernel knows of the name at ``cursor_pos`` (an inspect_reply's content)."""
        session = await self._session(info)
        content = {"code": code, "cursor_pos": cursor_pos, "detail_level": detail_level}
        return await session.request("shell", "inspect_request", content, seconds)

    async def invoke_callback(
        self,
        notebook_id: str,
        ynotebook: YNotebook,
        info: KernelTarget,
        code: str,
        cell_id: str | None,
    ) -> dict[str, Any]:
        """Colab's ``invokeFunction`` (see ``callbacks.py``): what the callback prints goes into
        ``cell_id``'s outputs when that cell is there."""
        session = await self._session(info)
        notebook = self._notebook(notebook_id, ynotebook)
        found = cell_id is not None and find_cell(ynotebook, cell_id) is not None
        writer = self._writer(notebook, cell_id) if found and cell_id is not None else None
        return await callbacks.invoke(session, code, writer)

    def subscribe(self, notebook_id: str, subscriber: Subscriber) -> Callable[[], None]:
        """``subscriber`` hears the comm traffic of the notebook's kernel until it unsubscribes."""
        hub = self._hubs.setdefault(notebook_id, RelayHub())
        unsubscribe = hub.subscribe(subscriber)

        def done() -> None:
            unsubscribe()
            if hub.empty and self._hubs.get(notebook_id) is hub:
                del self._hubs[notebook_id]

        return done

    async def send_to_kernel(
        self,
        notebook_id: str,
        info: KernelTarget,
        subscriber: Subscriber,
        msg_type: str,
        msg_id: str,
        content: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        buffers: list[bytes] | None = None,
    ) -> None:
        """An editor's comm message to the notebook's kernel; its reply goes to ``subscriber``."""
        session = await self._session(info)
        session.relay = self._relay_to(notebook_id)
        self._hubs.setdefault(notebook_id, RelayHub()).asked(msg_id, subscriber)
        await session.send_shell(msg_type, content, msg_id, metadata, buffers)

    def _relay_to(self, notebook_id: str) -> Subscriber:
        def deliver(channel: str, msg: dict[str, Any]) -> None:
            hub = self._hubs.get(notebook_id)
            if hub is not None:
                hub.deliver(channel, msg)

        return deliver

    def reply_input(self, notebook_id: str, value: str) -> bool:
        return self.stdin.reply(notebook_id, value)

    def spill_path(self, notebook_id: str, cell_id: str) -> Path:
        """The full output of a cell whose document copy was capped (the download route)."""
        path = None if self.spills is None else self.spills.path(notebook_id, cell_id)
        if path is None:
            raise NotFound("This cell has no truncated output to download.")
        return path

    async def close(self) -> None:
        for notebook in self._notebooks.values():
            await notebook.queue.cancel_current()
        sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            await session.close()

    async def release(self, notebook_id: str) -> None:
        """Another replica takes the notebook's runtime over, mid-run: stop driving its cells
        here without finishing them. The document keeps them running and queued, as a replica
        that died would leave them, and the next holder's :meth:`resume` takes up from there:
        it follows the running cell (the kernel's journal, or the gateway, keeps what comes
        meanwhile) and queues the rest again in their order."""
        notebook = self._notebooks.get(notebook_id)
        if notebook is None:
            return
        notebook.releasing = True
        try:
            for job in notebook.queue.take_queued():
                notebook.runs.pop(job, None)
                job.settle("cancelled")
            if notebook.session_key is not None:  # no more output reaches this replica
                await self._close_session(notebook.session_key, drain_seconds=DRAIN_SECONDS)
            await notebook.queue.cancel_current()
            if notebook.durable is not None:
                await notebook.durable()  # what came here is stored before the next holder
        finally:
            notebook.releasing = False

    async def forget_runtime(self, connection_info: KernelTarget) -> None:
        """Close the client of a runtime that is gone."""
        await self._close_session(connection_key(connection_info))

    async def _close_session(self, key: str, drain_seconds: float = 0.0) -> None:
        """The next run opens a new one, which waits until the kernel's iopub reaches it."""
        session = self._sessions.pop(key, None)
        if session is not None:
            await session.close(drain_seconds=drain_seconds)

    def _notebook(self, notebook_id: str, ynotebook: YNotebook) -> _Notebook:
        notebook = self._notebooks.get(notebook_id)
        if notebook is None:
            queue = NotebookQueue(
                lambda job: self._run(self._notebooks[notebook_id], job),
                lambda job: self._dropped(self._notebooks[notebook_id], job),
            )
            notebook = _Notebook(notebook_id, ynotebook, queue, DisplayRegistry(), {})
            self._notebooks[notebook_id] = notebook
        notebook.ynotebook = ynotebook  # a room that was unloaded and loaded again
        return notebook

    @staticmethod
    def _code_cells(ynotebook: YNotebook, cells: Sequence[str] | Literal["all"]) -> list[str]:
        code = [str(c["id"]) for c in ynotebook.ycells if c.get("cell_type") == "code"]
        if cells == "all":
            return code
        unknown = set(cells) - {str(c.get("id")) for c in ynotebook.ycells}
        if unknown:
            raise NotFound(f"No such cell in this notebook: {', '.join(sorted(unknown))}.")
        wanted = set(code)
        return [cell_id for cell_id in cells if cell_id in wanted]

    def _dropped(self, notebook: _Notebook, job: Job) -> None:
        notebook.runs.pop(job, None)
        cell_state.unqueue(notebook.ynotebook, job.cell_id)

    async def _session(self, info: KernelTarget) -> KernelSession:
        async with self._session_lock:
            key = connection_key(info)
            session = self._sessions.get(key)
            if session is not None and session.stale:
                await self._close_session(key)
                session = None
            if session is None:
                session = KernelSession(info)
                try:
                    await session.start()
                except BaseException:
                    await session.close()
                    raise
                self._sessions[key] = session
            return session

    async def _run(self, notebook: _Notebook, job: Job) -> Outcome:
        run = notebook.runs.pop(job)
        ynotebook = notebook.ynotebook
        outcome: Outcome = "error"
        started = time.monotonic()
        session: KernelSession | None = None
        acking: asyncio.Task[None] | None = None
        msg_id = execute_msg_id(job.cell_id)
        if run.followed is not None:
            session, followed, writer = run.followed
        else:
            writer = self._writer(notebook, job.cell_id)
            cell_state.mark_running(ynotebook, job.cell_id, msg_id)
            writer.start()
        try:
            if run.followed is not None:
                acking = self._acking(notebook, run.followed[0], writer)
                reply = await followed
            else:
                session = await self._session(await run.get_runtime())
                notebook.session_key = session.key
                session.relay = self._relay_to(notebook.id)
                session.on_state = run.on_state
                stdin = run.stdin or self.stdin.handler(notebook.id, ynotebook, job.cell_id)
                acking = self._acking(notebook, session, writer)
                handler = _numbered(session, writer)
                reply = await session.execute(
                    job.code,
                    handler,
                    echoing(stdin, writer),
                    msg_id,
                    _prompting(run.colab, ynotebook, job.cell_id),
                )
            outcome = "done" if reply.get("status") == "ok" else "error"
            note = await run.explain(reply) if outcome == "error" and run.explain else None
            if note:
                writer.handle("stream", {"name": "stderr", "text": f"{note}\n"})
        except asyncio.CancelledError:
            if notebook.crashed is not None:  # its runtime crashed: the cell says why
                writer.handle("error", notebook.crashed)
            raise
        except KernelRestarted as exc:
            writer.handle("error", _error("KernelRestarted", str(exc)))
        except Exception as exc:  # no runtime: the cell says why, as Colab's does
            if not notebook.releasing:  # handed over: the cell runs on, followed elsewhere
                message = getattr(exc, "message", str(exc))
                writer.handle("error", _error(type(exc).__name__, message))
        finally:
            if acking is not None:
                acking.cancel()
            writer.close()
            if not notebook.releasing:
                self.stdin.cancel(notebook.id)
                status: cell_state.Status = "done" if outcome == "done" else "error"
                cell_state.mark_finished(ynotebook, job.cell_id, status)
                if session is not None:
                    self._ack_later(notebook, session, session.processed)
                for observe in self.on_cell_finished:
                    observe(outcome, time.monotonic() - started)
        return outcome

    def _writer(self, notebook: _Notebook, cell_id: str) -> OutputWriter:
        return OutputWriter(
            notebook.ynotebook,
            notebook.id,
            cell_id,
            displays=notebook.displays,
            spills=self.spills,
            cap=self.cap,
            flush_seconds=self.flush_seconds,
            download_url=self.download_url,
        )

    # -- the kernel's journal: acknowledging, and resuming after a server restart -----------

    def _acking(
        self, notebook: _Notebook, session: KernelSession, writer: OutputWriter
    ) -> asyncio.Task[None] | None:
        """While the run goes on, lets the kernel trim what the document holds durably."""
        if session.journal is None or notebook.durable is None:
            return None

        async def tick() -> None:
            acked = 0
            while True:
                await asyncio.sleep(ACK_SECONDS)
                if writer.flushed_seq > acked:
                    acked = writer.flushed_seq
                    await self._ack(notebook, session, acked)

        return asyncio.create_task(tick())

    def _ack_later(self, notebook: _Notebook, session: KernelSession, seq: int) -> None:
        task = asyncio.create_task(self._ack(notebook, session, seq))
        self._acks.add(task)
        task.add_done_callback(self._acks.discard)

    @staticmethod
    async def _ack(notebook: _Notebook, session: KernelSession, seq: int) -> None:
        if session.journal is None or notebook.durable is None or seq <= 0:
            return
        try:
            await notebook.durable()
            await asyncio.to_thread(session.journal.ack, seq)
        except Exception:  # the next acknowledgement covers this one
            log.warning("acknowledging kernel journal entries failed", exc_info=True)

    async def resume(
        self,
        notebook_id: str,
        ynotebook: YNotebook,
        user: str,
        get_runtime: GetRuntime,
        *,
        on_state: StateCallback | None = None,
        durable: Durable | None = None,
    ) -> Batch:
        """After a server restart, the notebook's re-adopted runtime: what its kernel published
        meanwhile goes into the cells; a cell it still runs is followed (later runs queue
        behind it); the cells the old server had queued are queued again, as the batch."""
        info = await get_runtime()
        session = KernelSession(info)
        notebook = self._notebook(notebook_id, ynotebook)
        notebook.durable = durable
        reader, after = session.journal, 0
        if reader is None:
            # No journal beside the kernel (a gateway's): the cell the document shows running
            # is followed; what the kernel sent meanwhile, the gateway replays on reconnecting.
            replayed = running_in_document(ynotebook, lambda c: self._writer(notebook, c))
        else:
            after = reader.acknowledged()
            entries = await asyncio.to_thread(lambda: list(reader.entries(after)))
            replayed = replay(ynotebook, entries, lambda c: self._writer(notebook, c))
            session.skip_to(max(replayed.last_seq, after) + 1)
        session.relay, session.on_state = self._relay_to(notebook_id), on_state
        running, writer, msg_id = replayed.running_cell, replayed.writer, replayed.running_msg_id
        followed = None
        if running is not None and writer is not None and msg_id is not None:
            # before the session starts: entries that arrive meanwhile belong to this run
            followed = session.follow(msg_id, _numbered(session, writer))
            if (cell_state.status_of(ynotebook, running) or {}).get("status") != "running":
                cell_state.mark_running(ynotebook, running, msg_id)
        async with self._session_lock:
            try:
                await session.start(busy=followed is not None)
            except BaseException:
                await session.close()
                raise
            old = self._sessions.pop(session.key, None)
            self._sessions[session.key] = session
        if old is not None:
            await old.close()
        notebook.session_key = session.key
        if on_state is not None and replayed.busy:
            on_state("busy")
        settle_stale_cells(ynotebook, running)
        batch = Batch([], [])
        if followed is not None and running is not None and writer is not None:
            job = Job(running, "", user)
            run = _Run(job, get_runtime, None, on_state, followed=(session, followed, writer))
            notebook.runs[job] = run
            notebook.queue.push([job])
            batch = Batch([running], [job.outcome])
        waiting = queued_cells(ynotebook)
        if waiting:
            queued = await self.execute(
                notebook_id,
                ynotebook,
                waiting,
                user,
                get_runtime,
                on_state=on_state,
                durable=durable,
            )
            batch = Batch(batch.cell_ids + queued.cell_ids, batch.outcomes + queued.outcomes)
        self._ack_later(notebook, session, min(session.processed, replayed.last_seq))
        return batch


def _numbered(session: KernelSession, writer: OutputWriter) -> IopubHandler:
    """The writer learns the journal number of each message it is given."""

    def handle(kind: str, content: dict[str, Any]) -> None:
        writer.seq = session.routing_seq or 0
        writer.handle(kind, content)

    return handle


def _error(ename: str, evalue: str) -> dict[str, Any]:
    return {"ename": ename, "evalue": evalue, "traceback": [f"{ename}: {evalue}"]}


def _prompting(
    colab: ColabHandler | None, ynotebook: YNotebook, cell_id: str
) -> ColabHandler | None:
    """The notebook's google.colab handler, able to ask in the running cell (``cell_prompt``)."""
    if colab is None:
        return None

    def prompt(request: dict[str, Any] | None) -> None:
        cell_state.set_access_request(ynotebook, cell_id, request)

    async def handle(request_type: str, body: Any) -> Any:
        token = cell_prompt.set(prompt)
        try:
            return await colab(request_type, body)
        finally:
            cell_prompt.reset(token)

    return handle
