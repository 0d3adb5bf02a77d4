"""Running a notebook's cells: its live document, on its runtime, connected first if need be."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from collaboratory.accounts.models import User
from collaboratory.accounts.secrets import SecretService
from collaboratory.documents.service import DocumentService
from collaboratory.drive.mount.service import REQUESTS as DRIVE_REQUESTS
from collaboratory.drive.mount.service import DriveMounts
from collaboratory.drive.roles import EDITOR
from collaboratory.errors import BadRequest, NotFound
from collaboratory.execution.callbacks import invoke_code
from collaboratory.execution.requests import RunRequest
from collaboratory.execution.resume import run_info
from collaboratory.execution.service import Batch, ExecutionService, cell_prompt
from collaboratory.runtimes.backend import RunningKernel
from collaboratory.runtimes.crash import crash_error
from collaboratory.runtimes.errors import RuntimeNotReady
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.runtimes.runtime import Runtime
from collaboratory.snippets.service import SnippetService

log = logging.getLogger(__name__)
ACCELERATOR_TYPES = {"GPU": "gpu", "TPU": "tpu"}
# How long a cell's userdata.get waits for the user to answer *Notebook access* in the editor.
ACCESS_PROMPT_SECONDS = 300.0
# How long a cell's files.upload() waits for the user to choose and send files in the editor.
UPLOAD_WAIT_SECONDS = 3600.0
# runtime.unassign(): time for the reply to reach the cell before its runtime is deleted.
UNASSIGN_DELAY_SECONDS = 1.0


def notebook_runtime_type(
    metadata: Mapping[str, Any], manager: RuntimeManager, user_id: str | None = None
) -> str | None:
    """The type a notebook asks for (ours, or Colab's ``accelerator``), if this server has it;
    a connected machine (``collaboratory connect``) only for its own user, while it is linked."""
    ours = metadata.get("collaboratory", {})
    wanted = ours.get("runtime_type") if isinstance(ours, Mapping) else None
    wanted = str(wanted or ACCELERATOR_TYPES.get(str(metadata.get("accelerator", "")).upper(), ""))
    machine = manager.machines.get(user_id, wanted) if user_id else None
    if machine is not None and machine.linked():
        return wanted
    known = wanted in manager.settings.runtimes.types
    if known and manager.catalog.availability(wanted).available:
        return wanted
    return None  # the default type


class EvalJsError(Exception):
    """The script of an ``output.eval_js`` threw: its message reaches the cell."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotebookRunner:
    def __init__(
        self,
        execution: ExecutionService,
        documents: DocumentService,
        runtimes: RuntimeManager,
        secrets: SecretService | None = None,
    ) -> None:
        self.execution = execution
        self.secrets = secrets
        self.documents = documents
        self.runtimes = runtimes
        # google.colab.snippets.register(url): set when the services are built
        self.snippets: SnippetService | None = None
        # google.colab.drive.mount(): set when the services are built
        self.drive_mounts: DriveMounts | None = None
        self._holding: set[asyncio.Task[None]] = set()
        # files.upload() calls waiting on the editor: (user, notebook, upload id) -> file names
        self._uploads: dict[tuple[str, str, str], asyncio.Future[list[str]]] = {}
        # output.eval_js() calls waiting on the editor: (user, notebook, id) -> {value | error}
        self._evals: dict[tuple[str, str, str], asyncio.Future[dict[str, Any]]] = {}
        runtimes.on_change.append(self._runtime_changed)

    async def run(self, user: User, notebook_id: str, request: RunRequest) -> Batch:
        room = await self.documents.open(user.id, notebook_id, EDITOR)
        metadata = dict(room.ynotebook.get().get("metadata", {}))
        runtime_type = notebook_runtime_type(metadata, self.runtimes, user.id)
        # driven by another replica: here first, with its running cells, then these queue
        await self.runtimes.take_from_another_replica(user, notebook_id, runtime_type)

        async def get_runtime() -> RunningKernel:
            runtime = self.runtimes.for_notebook(user.id, notebook_id)
            if runtime is None:  # as Colab's Run cell does: connect the notebook's type first
                runtime = await self.runtimes.connect(user, notebook_id, runtime_type)
            await self.runtimes.wait_until_started(runtime)
            if runtime.kernel is None or runtime.dead:
                raise RuntimeNotReady(runtime.error or "The runtime could not start.")
            return run_info(runtime.kernel)

        def on_state(state: str) -> None:
            runtime = self.runtimes.for_notebook(user.id, notebook_id)
            if runtime is not None:
                self.runtimes.activity(runtime, state)

        async def explain(reply: dict[str, Any]) -> str | None:
            runtime = self.runtimes.for_notebook(user.id, notebook_id)
            return None if runtime is None else await self.runtimes.explain_error(runtime, reply)

        async def colab(request_type: str, body: Any) -> Any:
            """google.colab's requests from the cells this user runs in this notebook."""
            key = body.get("key") if isinstance(body, dict) else None
            if request_type == "GetSecret" and self.secrets is not None and isinstance(key, str):
                return await self._get_secret(user, notebook_id, key)
            upload_id = body.get("id") if isinstance(body, dict) else None
            if request_type == "UploadFiles" and isinstance(upload_id, str) and upload_id:
                return {"files": await self._await_upload(user.id, notebook_id, upload_id)}
            if request_type == "EvalJs" and isinstance(upload_id, str) and upload_id:
                return await self._await_eval(user.id, notebook_id, upload_id)
            if request_type == "register_snippets" and self.snippets is not None:
                return await self.snippets.register(user.id, body)
            if request_type in DRIVE_REQUESTS and self.drive_mounts is not None:
                runtime = self.runtimes.for_notebook(user.id, notebook_id)
                return await self.drive_mounts.request(runtime, request_type, body)
            if request_type == "unassign":
                return self._unassign(user, notebook_id)
            raise BadRequest(f"google.colab's {request_type} request is not supported here.")

        batch = await self.execution.execute(
            notebook_id,
            room.ynotebook,
            request.cells,
            user.username or "guest",
            get_runtime,
            on_state=on_state,
            code=request.code,
            durable=room.flush,
            explain=explain,
            colab=colab,
        )
        task = asyncio.create_task(self._hold_room(room, batch))
        self._holding.add(task)
        task.add_done_callback(self._holding.discard)
        return batch

    async def _get_secret(self, user: User, notebook_id: str, key: str) -> dict[str, Any]:
        """Colab's ``GetSecret``: a secret this notebook was never given access to is asked for
        in the running cell (*Notebook access*), and the cell's request waits for the answer."""
        assert self.secrets is not None
        reply = await self.secrets.lookup(user.id, notebook_id, key)
        prompt = cell_prompt.get()
        if reply.pop("asked", True) or prompt is None:
            return reply
        prompt({"secret": key})
        try:
            await self.secrets.ask_access(user.id, notebook_id, key, ACCESS_PROMPT_SECONDS)
        finally:
            prompt(None)
        reply = await self.secrets.lookup(user.id, notebook_id, key)
        reply.pop("asked", None)
        return reply

    async def _await_upload(self, user_id: str, notebook_id: str, upload_id: str) -> list[str]:
        """Colab's ``files.upload()``: the cell waits until the editor has sent the chosen files
        into the runtime (:meth:`uploaded`), and gets their names."""
        key = (user_id, notebook_id, upload_id)
        waiter: asyncio.Future[list[str]] = asyncio.get_running_loop().create_future()
        self._uploads[key] = waiter
        try:
            return await asyncio.wait_for(waiter, UPLOAD_WAIT_SECONDS)
        finally:
            self._uploads.pop(key, None)

    async def uploaded(
        self, user: User, notebook_id: str, upload_id: str, names: list[str]
    ) -> None:
        """The editor sent the files a cell's ``files.upload()`` asked for (or none: cancelled)."""
        await self.documents.open(user.id, notebook_id, EDITOR)  # an editor, or 404/403
        waiter = self._uploads.get((user.id, notebook_id, upload_id))
        if waiter is None or waiter.done():
            raise NotFound(
                "No cell of yours in this notebook is waiting for this upload (it finished, "
                "was interrupted, or another user ran it).",
                code="no_upload_wanted",
            )
        waiter.set_result(names)

    async def _await_eval(self, user_id: str, notebook_id: str, eval_id: str) -> dict[str, Any]:
        """Colab's ``output.eval_js``: the cell waits until the editor has run the script in a
        sandboxed output frame and sent its result (:meth:`evaluated`)."""
        key = (user_id, notebook_id, eval_id)
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._evals[key] = waiter
        try:
            result = await asyncio.wait_for(waiter, UPLOAD_WAIT_SECONDS)
        finally:
            self._evals.pop(key, None)
        if result.get("error") is not None:
            raise EvalJsError(str(result["error"]))
        return {"value": result.get("value")}

    async def evaluated(
        self, user: User, notebook_id: str, eval_id: str, result: dict[str, Any]
    ) -> None:
        """The editor ran the script a cell's ``eval_js`` asked for: its value or its error."""
        await self.documents.open(user.id, notebook_id, EDITOR)  # an editor, or 404/403
        waiter = self._evals.get((user.id, notebook_id, eval_id))
        if waiter is None or waiter.done():
            raise NotFound(
                "No cell of yours in this notebook is waiting for this script's result.",
                code="no_eval_wanted",
            )
        waiter.set_result(result)

    def _unassign(self, user: User, notebook_id: str) -> dict[str, Any]:
        """Colab's ``runtime.unassign()``: the runtime is deleted (as *Disconnect and delete
        runtime*) once the cell has had its reply."""
        runtime = self.runtimes.for_notebook(user.id, notebook_id)
        if runtime is None:
            raise NotFound("This notebook has no runtime to unassign.", code="no_runtime")

        async def delete_soon() -> None:
            await asyncio.sleep(UNASSIGN_DELAY_SECONDS)
            try:
                await self.delete(runtime)
            except Exception:
                log.exception("runtime.unassign(): deleting the runtime failed")

        task = asyncio.get_running_loop().create_task(delete_soon())
        self._holding.add(task)
        task.add_done_callback(self._holding.discard)
        return {"ok": True}

    async def invoke_callback(
        self,
        user: User,
        notebook_id: str,
        name: str,
        args: list[Any],
        kwargs: dict[str, Any],
        cell_id: str | None,
    ) -> dict[str, Any]:
        """Colab's ``google.colab.kernel.invokeFunction`` from an output of this notebook: the
        callback the notebook registered under ``name`` runs in its kernel (the kernel refuses
        names that were not registered)."""
        room = await self.documents.open(user.id, notebook_id, EDITOR)  # an editor, or 404/403
        runtime = self.runtimes.for_notebook(user.id, notebook_id)
        if runtime is None or runtime.kernel is None or runtime.dead:
            raise RuntimeNotReady("Connect a runtime and run the cell that registers the callback.")
        code = invoke_code(name, args, kwargs)
        return await self.execution.invoke_callback(
            notebook_id, room.ynotebook, runtime.kernel, code, cell_id
        )

    def _running_kernel(self, user: User, notebook_id: str) -> RunningKernel:
        runtime = self.runtimes.for_notebook(user.id, notebook_id)
        if runtime is None or runtime.kernel is None or runtime.dead:
            raise RuntimeNotReady("Connect a runtime to get completions and help.")
        return runtime.kernel

    async def complete(
        self, user: User, notebook_id: str, code: str, cursor_pos: int
    ) -> dict[str, Any]:
        await self.documents.open(user.id, notebook_id, EDITOR)  # an editor's, or 404/403
        info = self._running_kernel(user, notebook_id)
        try:
            return await self.execution.complete(info, code, cursor_pos)
        except TimeoutError:  # the kernel is busy running a cell: no suggestions now
            return {"matches": [], "cursor_start": cursor_pos, "cursor_end": cursor_pos}

    async def inspect(
        self, user: User, notebook_id: str, code: str, cursor_pos: int, detail_level: int
    ) -> dict[str, Any]:
        await self.documents.open(user.id, notebook_id, EDITOR)
        info = self._running_kernel(user, notebook_id)
        try:
            return await self.execution.inspect(info, code, cursor_pos, detail_level)
        except TimeoutError:
            return {"found": False, "data": {}, "metadata": {}}

    async def interrupt(self, runtime: Runtime) -> None:
        """Interrupt execution: the queue is emptied first, then the running cell stops."""
        if runtime.notebook_id is None:
            await self.runtimes.interrupt(runtime)
            return
        await self.execution.interrupt(
            runtime.notebook_id, lambda: self.runtimes.interrupt(runtime)
        )

    async def restart(self, runtime: Runtime, *, reset: bool = False) -> None:
        """Restart session (or factory reset): what was running or queued is abandoned."""
        action = self.runtimes.reset if reset else self.runtimes.restart
        if runtime.notebook_id is None:
            await action(runtime)
            return
        await self.execution.cancel(runtime.notebook_id, lambda: action(runtime))

    async def delete(self, runtime: Runtime) -> None:
        if runtime.notebook_id is not None:
            await self.execution.cancel(runtime.notebook_id)
        await self.runtimes.delete(runtime)

    def _runtime_changed(self, runtime: Runtime) -> None:
        """A kernel that died takes its cells with it; they must not stay "running"."""
        notebook_id = runtime.notebook_id
        if not runtime.dead or notebook_id is None:
            return
        if self.execution.running(notebook_id) or self.execution.queued(notebook_id):
            # a crash, or a failed start (a gateway that went away while it launched)
            error = crash_error(runtime.error) if runtime.error else None
            cancel = self.execution.cancel(notebook_id, error=error)
            task = asyncio.get_running_loop().create_task(cancel)
            self._holding.add(task)
            task.add_done_callback(self._holding.discard)

    async def _hold_room(self, room: Any, batch: Batch) -> None:
        """Keep the document loaded until its cells have run, with no browser open."""
        async with room.hold():
            try:
                await batch.wait()
            except Exception:
                log.exception("Running cells failed")
