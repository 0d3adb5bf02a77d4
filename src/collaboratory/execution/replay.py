"""After a server restart: what a kernel published while no server listened, into its cells.

The journal's entries go, in order, to the cells their execute requests name, past the number
each cell records as applied (so nothing is applied twice). The last execution status says
whether the kernel is still busy, and with which cell: that cell stays running, and its writer
is handed back for the live messages that follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jupyter_ydoc import YNotebook

from collaboratory.execution import cell_state
from collaboratory.execution.cells import find_cell
from collaboratory.execution.journal import Entry, cell_of
from collaboratory.execution.outputs import OutputWriter


@dataclass
class Replayed:
    last_seq: int = 0
    busy: bool = False  # the kernel is running code, ours or another client's
    running_msg_id: str | None = None  # the execute request of ours it is running
    running_cell: str | None = None
    writer: OutputWriter | None = None  # the running cell's, to go on with
    finished: list[str] = field(default_factory=list)


def running_in_document(
    ynotebook: YNotebook, make_writer: Callable[[str], OutputWriter]
) -> Replayed:
    """For a kernel with no journal: the cell the document shows running, to go on with."""
    result = Replayed()
    for ycell in ynotebook.ycells:
        state = cell_state.get_state(ycell) or {}
        msg_id = state.get("msg_id")
        if state.get("status") == "running" and isinstance(msg_id, str):
            result.busy, result.running_msg_id = True, msg_id
            result.running_cell = str(ycell.get("id"))
            result.writer = make_writer(result.running_cell)
            break  # a kernel runs one cell at a time
    return result


def replay(
    ynotebook: YNotebook, entries: list[Entry], make_writer: Callable[[str], OutputWriter]
) -> Replayed:
    result = Replayed()
    writers: dict[str, OutputWriter] = {}
    for entry in entries:
        if entry.msg_type == "status" and entry.parent_type == "execute_request":
            busy = entry.content.get("execution_state") == "busy"
            result.busy = busy
            result.running_msg_id = entry.parent_id if busy else None
        if entry.snapshot:
            continue
        result.last_seq = max(result.last_seq, entry.seq)
        cell_id = cell_of(entry.parent_id)
        ycell = None if cell_id is None else find_cell(ynotebook, cell_id)
        if cell_id is None or ycell is None or entry.seq <= cell_state.applied_seq(ycell):
            continue
        writer = writers.get(cell_id)
        if entry.msg_type == "status":
            state = entry.content.get("execution_state")
            if (
                state == "busy"
                and (cell_state.get_state(ycell) or {}).get("msg_id") != entry.parent_id
            ):
                # the old server's start of this run never reached the store
                writer = writers[cell_id] = make_writer(cell_id)
                writer.start()
                cell_state.mark_running(ynotebook, cell_id, entry.parent_id)
            elif state == "idle":
                writer = writers.pop(cell_id, None) or make_writer(cell_id)
                writer.seq = entry.seq
                writer.close()
                cell_state.mark_finished(ynotebook, cell_id, _ended(ynotebook, cell_id))
                result.finished.append(cell_id)
            continue
        if writer is None:
            writer = writers[cell_id] = make_writer(cell_id)
        writer.seq = entry.seq
        writer.handle(entry.msg_type, entry.content)
    result.running_cell = None if result.running_msg_id is None else cell_of(result.running_msg_id)
    for cell_id, writer in writers.items():
        writer.flush()
        if cell_id == result.running_cell:
            result.writer = writer
        else:
            writer.close()
    if result.running_cell is not None and result.writer is None:
        result.writer = make_writer(result.running_cell)
    return result


def _ended(ynotebook: YNotebook, cell_id: str) -> cell_state.Status:
    ycell = find_cell(ynotebook, cell_id)
    outputs = [] if ycell is None else ycell["outputs"].to_py() or []
    return "error" if any(o.get("output_type") == "error" for o in outputs) else "done"


def settle_stale_cells(ynotebook: YNotebook, running: str | None) -> None:
    """Cells the old server showed running that the kernel runs no longer."""
    for ycell in ynotebook.ycells:
        state = cell_state.get_state(ycell) or {}
        if state.get("status") == "running" and str(ycell.get("id")) != running:
            cell_state.mark_finished(ynotebook, str(ycell.get("id")), "error")


def queued_cells(ynotebook: YNotebook) -> list[str]:
    """The cells shown queued, in the order they were queued."""
    queued = []
    for ycell in ynotebook.ycells:
        state = cell_state.get_state(ycell) or {}
        if state.get("status") == "queued":
            queued.append((str(state.get("queued_at") or ""), str(ycell.get("id"))))
    return [cell_id for _, cell_id in sorted(queued)]
