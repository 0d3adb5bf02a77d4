"""Per-cell execution state, in the document so that every view (and a later one) sees it.

``metadata.collaboratory.execution`` holds ``{"status": "queued"|"running"|"done"|"error",
"queued_at", "started_at", "ended_at", "by"}`` with ISO 8601 UTC times, and ``seq``: the
number of the last kernel message whose effect is in this cell, written in the same
transaction as that effect (a restarted server replays its journal past it, never twice);
``execution_state`` on the cell (``"running"``/``"idle"``) is the key JupyterLab's own
YNotebook model uses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from jupyter_ydoc import YNotebook
from pycrdt import Map

from collaboratory.execution.cells import find_cell

METADATA_KEY = "collaboratory"
Status = Literal["queued", "running", "done", "error"]
ORIGIN = "collaboratory.execution"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def get_state(ycell: Map[Any]) -> dict[str, Any] | None:
    metadata = ycell.get("metadata")
    ours = metadata.get(METADATA_KEY) if metadata is not None else None
    if isinstance(ours, Map):
        ours = ours.to_py()
    state = ours.get("execution") if isinstance(ours, dict) else None
    return dict(state) if isinstance(state, dict) else None


def _write(ycell: Map[Any], state: dict[str, Any] | None) -> None:
    metadata = ycell.get("metadata")
    if not isinstance(metadata, Map):
        metadata = ycell["metadata"] = Map(metadata if isinstance(metadata, dict) else {})
    found = metadata.get(METADATA_KEY)
    found = found.to_py() if isinstance(found, Map) else found
    ours: dict[str, Any] = dict(found) if isinstance(found, dict) else {}
    before = ours.get("execution")
    seq = before.get("seq") if isinstance(before, dict) else None
    if seq is not None:  # outlives runs: journal entries of an earlier run stay applied
        state = {"seq": seq, **(state or {})}
    if state is None:
        ours.pop("execution", None)
    else:
        ours["execution"] = state
    if ours:
        metadata[METADATA_KEY] = ours
    elif METADATA_KEY in metadata:
        del metadata[METADATA_KEY]


def _update(ynotebook: YNotebook, cell_id: str, **changes: Any) -> None:
    with ynotebook.ydoc.transaction(origin=ORIGIN):
        ycell = find_cell(ynotebook, cell_id)
        if ycell is None:
            return
        state = {**(get_state(ycell) or {}), **changes}
        for key in ("input", "access_request"):
            if state.get(key, 0) is None:
                del state[key]
        _write(ycell, state)
        if "status" in changes:
            ycell["execution_state"] = "running" if changes["status"] == "running" else "idle"


def mark_queued(ynotebook: YNotebook, cell_id: str, by: str) -> None:
    with ynotebook.ydoc.transaction(origin=ORIGIN):
        ycell = find_cell(ynotebook, cell_id)
        if ycell is not None:
            state = {"status": "queued", "queued_at": now(), "started_at": None}
            _write(ycell, {**state, "ended_at": None, "by": by})
            ycell["execution_state"] = "idle"


def mark_running(ynotebook: YNotebook, cell_id: str, msg_id: str | None = None) -> None:
    _update(ynotebook, cell_id, status="running", started_at=now(), msg_id=msg_id)


def record_seq(ycell: Map[Any], seq: int) -> None:
    """Inside the transaction that applied the effect of message ``seq`` to the cell."""
    _write(ycell, {**(get_state(ycell) or {}), "seq": seq})


def applied_seq(ycell: Map[Any]) -> int:
    seq = (get_state(ycell) or {}).get("seq")
    return int(seq) if isinstance(seq, int | float) else 0


def mark_finished(ynotebook: YNotebook, cell_id: str, status: Status) -> None:
    _update(ynotebook, cell_id, status=status, ended_at=now())


def unqueue(ynotebook: YNotebook, cell_id: str) -> None:
    """A queued cell that will not run after all: no status, as if never queued."""
    with ynotebook.ydoc.transaction(origin=ORIGIN):
        ycell = find_cell(ynotebook, cell_id)
        if ycell is not None and (get_state(ycell) or {}).get("status") == "queued":
            _write(ycell, None)
            ycell["execution_state"] = "idle"


def set_input(ynotebook: YNotebook, cell_id: str, prompt: dict[str, Any] | None) -> None:
    """The ``input()`` prompt the cell waits on, or None once answered."""
    _update(ynotebook, cell_id, input=prompt)


def set_access_request(ynotebook: YNotebook, cell_id: str, request: dict[str, Any] | None) -> None:
    """The *Notebook access* the cell waits on (``{secret: name}``, never a value), or None."""
    _update(ynotebook, cell_id, access_request=request)


def status_of(ynotebook: YNotebook, cell_id: str) -> dict[str, Any] | None:
    ycell = find_cell(ynotebook, cell_id)
    return None if ycell is None else get_state(ycell)
