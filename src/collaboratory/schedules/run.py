"""One scheduled run: every cell of the notebook on its owner's runtime, outputs into the live
document (the path ``POST /api/notebooks/{id}/execute`` takes), then kept as a revision."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from collaboratory.accounts.models import User
from collaboratory.documents.revisions import RevisionService
from collaboratory.documents.service import DocumentService
from collaboratory.drive.roles import EDITOR
from collaboratory.errors import ServiceError
from collaboratory.execution.notebooks import NotebookRunner
from collaboratory.execution.requests import RunRequest
from collaboratory.runtimes.manager import RuntimeManager
from collaboratory.schedules.models import NotebookSchedule


@dataclass(frozen=True)
class Outcome:
    status: str  # "succeeded" | "failed"
    error: str | None = None
    error_cell: int | None = None
    revision_id: str | None = None


class ScheduledRun:
    def __init__(
        self,
        runner: NotebookRunner,
        runtimes: RuntimeManager,
        documents: DocumentService,
        revisions: RevisionService,
    ) -> None:
        self.runner, self.runtimes = runner, runtimes
        self.documents, self.revisions = documents, revisions

    @staticmethod
    def failed(error: str, cell: int | None = None) -> Outcome:
        return Outcome("failed", error, cell)

    async def run(self, schedule: NotebookSchedule, owner: User | None, seconds: float) -> Outcome:
        if owner is None or owner.disabled_at is not None:
            return self.failed("The notebook's owner can no longer sign in.")
        notebook_id = schedule.notebook_id
        had_runtime = self.runtimes.for_notebook(owner.id, notebook_id) is not None
        try:
            if not had_runtime and schedule.runtime_type is not None:
                await self.runtimes.connect(owner, notebook_id, schedule.runtime_type)
            outcome = await self._run_cells(owner, notebook_id, seconds)
            label = "Scheduled run" + (
                "" if outcome.error_cell is None else f": failed at cell {outcome.error_cell}"
            )
            revision = await self.revisions.create(
                owner.id, notebook_id, "manual", label, user_id=owner.id
            )
            revision_id = revision.id if revision is not None else None
            return Outcome(outcome.status, outcome.error, outcome.error_cell, revision_id)
        except ServiceError as exc:
            return self.failed(exc.message)
        finally:
            runtime = self.runtimes.for_notebook(owner.id, notebook_id)
            if not had_runtime and runtime is not None:
                await self.runner.delete(runtime)  # the run's own runtime goes with it

    async def _run_cells(self, owner: User, notebook_id: str, seconds: float) -> Outcome:
        batch = await self.runner.run(owner, notebook_id, RunRequest("all"))
        try:
            async with asyncio.timeout(seconds):
                outcomes = await batch.wait()
        except TimeoutError:
            runtime = self.runtimes.for_notebook(owner.id, notebook_id)
            if runtime is not None:
                await self.runner.interrupt(runtime)
            return self.failed(f"The run was stopped after {int(seconds)} seconds.")
        room = await self.documents.open(owner.id, notebook_id, EDITOR)
        await room.flush()
        cells: list[dict[str, Any]] = room.export()["cells"]
        for cell_id in batch.cell_ids:
            if outcomes.get(cell_id) != "done":
                index, cell = next(
                    ((i, c) for i, c in enumerate(cells, start=1) if c.get("id") == cell_id),
                    (0, {}),
                )
                return self.failed(f"{_first_line(cell)}: {_error_of(cell)}", index or None)
        return Outcome("succeeded")


def _first_line(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return line if len(line) <= 80 else line[:77] + "..."


def _error_of(cell: dict[str, Any]) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}"
    return "the cell did not finish"
